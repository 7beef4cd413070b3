package io.grpcspec.spec.stream;

/** The stream states of RFC 9113 §5.1, seen from one endpoint. */
public enum StreamState {
    IDLE("idle"),
    RESERVED_LOCAL("reserved (local)"),
    RESERVED_REMOTE("reserved (remote)"),
    OPEN("open"),
    HALF_CLOSED_LOCAL("half-closed (local)"),
    HALF_CLOSED_REMOTE("half-closed (remote)"),
    CLOSED("closed");

    private final String rfcName;

    StreamState(String rfcName) {
        this.rfcName = rfcName;
    }

    /** The name RFC 9113 uses. */
    public String rfcName() {
        return rfcName;
    }

    /** Open and half-closed streams count against MAX_CONCURRENT_STREAMS (RFC 9113 §5.1.2). */
    public boolean countsAsActive() {
        return this == OPEN || this == HALF_CLOSED_LOCAL || this == HALF_CLOSED_REMOTE;
    }
}
