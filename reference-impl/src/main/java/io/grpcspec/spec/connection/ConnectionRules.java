package io.grpcspec.spec.connection;

import io.grpcspec.spec.Rule;

/** Rules of area CONN. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class ConnectionRules {
    private ConnectionRules() {}

    public static final Rule CONN_1 = Rule.must("CONN-1", "RFC 9113 §3.4",
            "A client opens the connection with the 24-octet preface followed by a SETTINGS frame.");
    public static final Rule CONN_2 = Rule.must("CONN-2", "RFC 9113 §3.4; grpc-go http2_server",
            "A server's first frame is a SETTINGS frame, written as soon as the connection is accepted.");
    public static final Rule CONN_3 = Rule.must("CONN-3", "RFC 9113 §3.4",
            "A server receiving anything but the exact client preface closes the connection; before a valid preface it never sends GOAWAY.");
    public static final Rule CONN_4 = Rule.must("CONN-4", "RFC 9113 §3.4",
            "The first frame received from the peer must be a SETTINGS frame without ACK, else PROTOCOL_ERROR.");
    public static final Rule CONN_5 = Rule.should("CONN-5", "gRPC PROTOCOL-HTTP2; grpc-go connection timeout",
            "The handshake must complete before the handshake deadline (default 120 s), else the connection is closed.");
    public static final Rule CONN_6 = Rule.may("CONN-6", "RFC 9113 §6.9.2; grpc-go",
            "A connection window larger than 65535 is announced by a WINDOW_UPDATE on stream 0 right after the first SETTINGS.");
    public static final Rule CONN_7 = Rule.may("CONN-7", "gRPC PROTOCOL-HTTP2; grpc-go http2_server",
            "The first SETTINGS carries only non-default values, plus MAX_FRAME_SIZE always when sent by a server.");
    public static final Rule CONN_8 = Rule.should("CONN-8", "gRPC PROTOCOL-HTTP2; grpc-go",
            "A client is ready, and starts streams, only after the server's SETTINGS arrived; earlier streams are not processed.");
    public static final Rule CONN_9 = Rule.must("CONN-9", "RFC 9113 §5.4.1",
            "Once the connection is closed nothing more is written and late inputs are ignored.");
}
