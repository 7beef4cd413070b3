package io.grpcspec.spec;

/**
 * Which end of the connection a machine runs for. RFC 9113 §5.1.1 ties stream-ID parity to the
 * role: clients open odd streams, servers even ones (push, which gRPC never uses).
 */
public enum Role {
    CLIENT,
    SERVER;

    public Role peer() {
        return this == CLIENT ? SERVER : CLIENT;
    }

    /** The identifier of the first stream this role opens: 1 for a client, 2 for a server. */
    public int firstStreamId() {
        return this == CLIENT ? 1 : 2;
    }

    /** True when {@code streamId} (non-zero) is one this role opens. */
    public boolean initiates(int streamId) {
        return streamId != 0 && ((streamId & 1) == 1) == (this == CLIENT);
    }
}
