package io.grpcspec.spec.connection;

/**
 * Which end of the connection a machine runs for. RFC 9113 §5.1.1 ties stream-ID parity to the
 * role: clients open odd streams, servers even ones (push, unused by gRPC).
 */
public enum Role {
    CLIENT,
    SERVER;

    public Role peer() {
        return this == CLIENT ? SERVER : CLIENT;
    }

    /** True when {@code streamId} (non-zero) is one this role opens. */
    public boolean initiates(int streamId) {
        return streamId != 0 && ((streamId & 1) == 1) == (this == CLIENT);
    }
}
