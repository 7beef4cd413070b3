package io.grpcspec.rpc;

/** The four shapes of a gRPC method: how many messages each side sends. */
public enum MethodType {
    UNARY(false, false),
    SERVER_STREAMING(false, true),
    CLIENT_STREAMING(true, false),
    BIDI_STREAMING(true, true);

    private final boolean clientStreams;
    private final boolean serverStreams;

    MethodType(boolean clientStreams, boolean serverStreams) {
        this.clientStreams = clientStreams;
        this.serverStreams = serverStreams;
    }

    /** The client may send more than one request message. */
    public boolean clientStreams() {
        return clientStreams;
    }

    /** The server may send more than one response message. */
    public boolean serverStreams() {
        return serverStreams;
    }
}
