package io.grpcspec.interop;

import java.util.List;
import java.util.Map;

/**
 * The gRPC interop test cases (names as grpc-java's {@code TestServiceClient --test_case=} takes
 * them) that a conformant server and client must pass. They need nothing beyond a plain
 * {@code grpc.testing.TestService}: no cloud credentials, no load balancer, no caching proxy.
 */
public final class InteropCases {
    private InteropCases() {}

    /** Every case run over plaintext (h2c with prior knowledge). */
    public static final List<String> ALL = List.of(
            "empty_unary",
            "large_unary",
            "client_streaming",
            "server_streaming",
            "ping_pong",
            "empty_stream",
            "cancel_after_begin",
            "cancel_after_first_response",
            "timeout_on_sleeping_server",
            "custom_metadata",
            "status_code_and_message",
            "special_status_message",
            "unimplemented_method",
            "unimplemented_service",
            "very_large_request",
            "client_compressed_unary",
            "server_compressed_unary",
            "client_compressed_streaming",
            "server_compressed_streaming");

    /**
     * The cases also run over TLS: one unary call with large payloads both ways and one
     * full-duplex stream are enough to show that ALPN, the handshake and framing over the TLS
     * record layer work; the rest of the protocol does not depend on the socket kind.
     */
    public static final List<String> TLS = List.of("large_unary", "ping_pong");

    /**
     * The cases a client runs against grpc-java's TestServiceServer in place of ones from
     * {@link #ALL}. {@code client_compressed_unary} and {@code client_compressed_streaming} first
     * PROBE the server: an uncompressed request with {@code expect_compressed=true} must get
     * INVALID_ARGUMENT. grpc-java 1.76's TestServiceImpl never reads {@code expect_compressed}
     * (only {@code response_compressed}), so it accepts the probe and the case fails; its
     * {@code _noprobe} variant sends the same compressed traffic without the probe. Our own
     * server is held to the probing cases.
     */
    public static final Map<String, String> GRPC_JAVA_SERVER_VARIANTS = Map.of(
            "client_compressed_unary", "client_compressed_unary_noprobe",
            "client_compressed_streaming", "client_compressed_streaming_noprobe");

    /** The case to run against grpc-java's TestServiceServer for {@code testCase}. */
    public static String againstGrpcJavaServer(String testCase) {
        return GRPC_JAVA_SERVER_VARIANTS.getOrDefault(testCase, testCase);
    }
}
