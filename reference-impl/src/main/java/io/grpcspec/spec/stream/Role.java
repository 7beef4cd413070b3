package io.grpcspec.spec.stream;

/** Which end of the connection we are. Clients open odd streams, servers even ones (RFC 9113 §5.1.1). */
public enum Role {
    CLIENT,
    SERVER;

    /** The identifier of the first stream this role opens: 1 for a client, 2 for a server. */
    public int firstStreamId() {
        return this == CLIENT ? 1 : 2;
    }

    /** True when {@code streamId} is one this role opens. */
    public boolean initiates(int streamId) {
        return (streamId & 1) == (this == CLIENT ? 1 : 0);
    }

    public Role peer() {
        return this == CLIENT ? SERVER : CLIENT;
    }
}
