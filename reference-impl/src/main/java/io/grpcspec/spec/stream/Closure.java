package io.grpcspec.spec.stream;

/**
 * How a closed stream got closed. RFC 9113 §5.1 treats late frames differently depending on it:
 * after our RST_STREAM the peer may legitimately still be sending, after the peer's own
 * END_STREAM or RST_STREAM it may not.
 */
public enum Closure {
    /** Not closed. */
    NONE("-"),
    /** Both ends sent END_STREAM. */
    END_STREAM("END_STREAM both ways"),
    /** We sent RST_STREAM. */
    RESET_SENT("RST_STREAM sent"),
    /** The peer sent RST_STREAM. */
    RESET_RECEIVED("RST_STREAM received");

    private final String label;

    Closure(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
