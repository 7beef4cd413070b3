package io.grpcspec.hpack;

/** An {@link HpackError} as an exception: how the decoder leaves a block at the first fault. */
final class HpackException extends Exception {
    private final transient HpackError error;

    HpackException(HpackError error) {
        super(error.toString(), null, false, false); // no stack trace: hostile input is not a bug
        this.error = error;
    }

    HpackError error() {
        return error;
    }
}
