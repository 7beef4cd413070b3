package io.grpcspec.hpack;

/** An {@link HpackError} as an exception, for callers that prefer throwing to result values. */
public final class HpackException extends Exception {
    private final transient HpackError error;

    public HpackException(HpackError error) {
        super(error.toString(), null, false, false); // no stack trace: hostile input is not a bug
        this.error = error;
    }

    public HpackError error() {
        return error;
    }
}
