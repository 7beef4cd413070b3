package io.grpcspec.spec.grpc;

import io.grpcspec.spec.Rule;

/** Rules of area RPC. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class RpcRules {
    private RpcRules() {}

    private static final String DOC = "gRPC PROTOCOL-HTTP2";

    // --- request headers -------------------------------------------------------------------

    public static final Rule RPC_1 = Rule.must("RPC-1", DOC + " §Requests",
            "A request's :method is POST; a server answers any other method with HTTP 405 and grpc-status INTERNAL.");

    public static final Rule RPC_2 = Rule.should("RPC-2", DOC + " §Requests",
            "A request whose content-type is not application/grpc (optionally followed by '+' or ';' and more) is answered with HTTP 415.");

    public static final Rule RPC_3 = Rule.must("RPC-3", DOC + " §Requests",
            "A client sends te: trailers; a server reports its absence but serves the call, as grpc-go and grpc-java do.");

    public static final Rule RPC_4 = Rule.must("RPC-4", "RFC 9113 §8.2.2",
            "A te field with any value other than \"trailers\" makes the request malformed: stream error PROTOCOL_ERROR.");

    public static final Rule RPC_5 = Rule.must("RPC-5", "RFC 9113 §8.2.2",
            "A connection-specific field (connection, keep-alive, proxy-connection, transfer-encoding, upgrade) makes the message malformed.");

    public static final Rule RPC_6 = Rule.must("RPC-6", "RFC 9113 §8.3",
            "Every pseudo-header field precedes every regular field; one after a regular field makes the message malformed.");

    public static final Rule RPC_7 = Rule.must("RPC-7", "RFC 9113 §8.3.1",
            "A request has exactly one non-empty :method, :scheme and :path, at most one :authority, and no other pseudo-header field.");

    public static final Rule RPC_8 = Rule.must("RPC-8", "RFC 9113 §8.3.2",
            "A response header block has exactly one three-digit :status and no other pseudo-header field; trailers have none at all.");

    public static final Rule RPC_9 = Rule.must("RPC-9", "RFC 9113 §8.2.1",
            "Field names are lowercase visible ASCII without ':' (pseudo-headers aside); values have no NUL, CR, LF, nor leading or trailing whitespace.");

    public static final Rule RPC_10 = Rule.must("RPC-10", DOC + " §Requests",
            "grpc-timeout is 1 to 8 ASCII digits and one unit of H M S m u n; a malformed value fails the call with INTERNAL (HTTP 400).");

    public static final Rule RPC_11 = Rule.must("RPC-11", DOC + " §Requests",
            "A -bin field carries base64, padded or not, values possibly joined by ','; an undecodable value fails the call with INTERNAL (HTTP 400).");

    public static final Rule RPC_12 = Rule.should("RPC-12", DOC + " §Requests",
            "A request :path has the form /Service/Method; a server answers any other path with UNIMPLEMENTED.");

    public static final Rule RPC_13 = Rule.must("RPC-13", "gRPC compression doc",
            "A request whose grpc-encoding the server does not support is answered with UNIMPLEMENTED and the server's grpc-accept-encoding.");

    // --- length-prefixed messages ----------------------------------------------------------

    public static final Rule RPC_14 = Rule.must("RPC-14", DOC + " §Requests (Compressed-Flag)",
            "A message with Compressed-Flag 1 needs a negotiated grpc-encoding other than identity; otherwise the call fails with INTERNAL.");

    public static final Rule RPC_15 = Rule.must("RPC-15", DOC + " §Requests (Compressed-Flag)",
            "The Compressed-Flag byte is 0 or 1; any other value fails the call with INTERNAL.");

    public static final Rule RPC_16 = Rule.must("RPC-16", DOC + " §Requests (Message-Length)",
            "A message longer than the receiver's limit (4 MiB by default) fails the call with RESOURCE_EXHAUSTED, judged from its 5-byte prefix.");

    public static final Rule RPC_17 = Rule.must("RPC-17", DOC + " §Requests (EOS)",
            "END_STREAM falls on a message boundary; a stream that ends inside a message fails the call with INTERNAL.");

    // --- responses ---------------------------------------------------------------------------

    public static final Rule RPC_18 = Rule.must("RPC-18", "gRPC http-grpc-status-mapping",
            "A response that is not :status 200 and has no grpc-status ends the call with the status the HTTP mapping table gives.");

    public static final Rule RPC_19 = Rule.must("RPC-19", DOC + " §Responses",
            "A 200 response whose content-type is not application/grpc ends the call with UNKNOWN.");

    public static final Rule RPC_20 = Rule.must("RPC-20", DOC + " §Responses",
            "Trailers carry grpc-status as a decimal number without leading zeros: missing means UNKNOWN, malformed means INTERNAL.");

    public static final Rule RPC_21 = Rule.must("RPC-21", DOC + " §Responses",
            "grpc-message is percent-encoded UTF-8; a receiver decodes it leniently and never fails the call because of it.");

    public static final Rule RPC_22 = Rule.must("RPC-22", "RFC 9113 §8.1",
            "A message is one HEADERS, DATA, then at most one trailing HEADERS with END_STREAM; DATA first or a later HEADERS without END_STREAM is malformed.");

    public static final Rule RPC_23 = Rule.must("RPC-23", DOC + " §Responses",
            "A response ends with trailers; END_STREAM on DATA without trailers ends the call with INTERNAL.");

    // --- call lifecycle ----------------------------------------------------------------------

    public static final Rule RPC_24 = Rule.must("RPC-24", DOC + " §Errors",
            "A RST_STREAM that ends a call gives the status its error code maps to (CANCEL: CANCELLED, REFUSED_STREAM: UNAVAILABLE, ...).");

    public static final Rule RPC_25 = Rule.should("RPC-25", DOC + " §Client Cancellation",
            "When the deadline passes the call ends with DEADLINE_EXCEEDED and the stream is reset with CANCEL, on the client and on the server.");

    public static final Rule RPC_26 = Rule.should("RPC-26", DOC + " §Early Server Closure",
            "Trailers sent or received before the client's END_STREAM are followed by RST_STREAM(NO_ERROR) so the stream is released.");

    public static final Rule RPC_27 = Rule.must("RPC-27", DOC + " §Client Cancellation",
            "A client cancels a call with RST_STREAM(CANCEL); the server's call then ends as CANCELLED.");

    // --- call policies: what a client or server does when a call meets its limits ----------------

    public static final Rule RPC_28 = Rule.should("RPC-28", "gRFC A6 (Transparent Retry); grpc-go csAttempt.shouldRetry",
            "A call the server never processed (REFUSED_STREAM before response headers, a stream above a GOAWAY's last-stream-id,"
                    + " or a stream never started) is replayed once on another stream from a record of at most 1 MiB of request;"
                    + " otherwise it ends UNAVAILABLE.");

    public static final Rule RPC_29 = Rule.should("RPC-29", "grpc-java ClientCallImpl (CANCELLED past the deadline); " + DOC + " §Errors",
            "A RST_STREAM(CANCEL) that reaches the client at or after the call's deadline ends the call with DEADLINE_EXCEEDED, not CANCELLED.");

    public static final Rule RPC_30 = Rule.must("RPC-30", "gRPC statuscodes.md (connection breaks after data was sent)",
            "A call whose connection closes before the call has ended fails with UNAVAILABLE.");

    public static final Rule RPC_31 = Rule.must("RPC-31", "gRPC compression doc; grpc-go checkRecvPayload",
            "A client offers in grpc-accept-encoding exactly the encodings it can decompress and compresses requests only with one"
                    + " of them; a response message compressed with any other encoding fails the call with INTERNAL.");

    public static final Rule RPC_32 = Rule.must("RPC-32", "gRPC compression doc (asymmetric compression); grpc-java ServerCallImpl",
            "A server compresses responses only with an encoding the client listed in grpc-accept-encoding; otherwise it declares"
                    + " no grpc-encoding and sends them uncompressed.");

    public static final Rule RPC_33 = Rule.should("RPC-33", "grpc-go and grpc-java maxSendMessageSize",
            "A message larger than the sender's limit is never sent: the call fails with RESOURCE_EXHAUSTED (a client resets"
                    + " the stream with CANCEL, a server answers with trailers).");

    public static final Rule RPC_34 = Rule.must("RPC-34", "grpc-go recvAndDecompress; grpc-java MessageDeframer (size after decompression)",
            "A compressed message whose decompressed size exceeds the receiver's limit fails the call with RESOURCE_EXHAUSTED;"
                    + " decompression stops at the limit.");

    public static final Rule RPC_35 = Rule.must("RPC-35", "gRPC statuscodes.md (INTERNAL); grpc-go and grpc-java unmarshalling",
            "A message that cannot be decompressed or parsed fails the call with INTERNAL.");

    public static final Rule RPC_36 = Rule.must("RPC-36", "grpc-java ServerCalls (unary and server-streaming calls)",
            "A method whose client sends one request takes exactly one: a second request message ends the call with INTERNAL"
                    + " \"Too many requests\", the request's end without one with INTERNAL \"Half-closed without a request\".");

    public static final Rule RPC_37 = Rule.must("RPC-37", "gRPC statuscodes.md (UNIMPLEMENTED)",
            "A request for a service or method the server does not serve ends with UNIMPLEMENTED in a trailers-only response.");

    public static final Rule RPC_38 = Rule.should("RPC-38", "RFC 9113 §5.2.2; grpc-java and grpc-go return credit as the application reads",
            "Received DATA is credited back to the peer at once while the messages waiting for the application total at most"
                    + " the call's receive backlog (1 MiB by default); above that, credit waits until the application takes messages.");

    public static final Rule RPC_39 = Rule.must("RPC-39", "grpc-java ClientCall.request and ClientStreamListener",
            "Messages reach the application in order, one at a time and only as it asks for them; a status from trailers reaches"
                    + " it after every message received before, any other ending drops the messages not yet delivered.");

    public static final Rule RPC_40 = Rule.should("RPC-40", "RFC 9113 §7 (CANCEL); our policy against peers that stop reading",
            "A message that cannot be written because the peer gives no flow-control credit for the write-stall limit ends the"
                    + " call with CANCELLED and RST_STREAM(CANCEL).");

    public static final Rule RPC_41 = Rule.should("RPC-41", "gRPC statuscodes.md (RESOURCE_EXHAUSTED: server out of resources)",
            "A call the server has no handler thread for ends with RESOURCE_EXHAUSTED.");

    public static final Rule RPC_42 = Rule.must("RPC-42", "gRPC wait-for-ready.md; gRPC statuscodes.md (UNAVAILABLE, DEADLINE_EXCEEDED)",
            "A call the channel has no transport for (its picker fails fast in TRANSIENT_FAILURE, or the channel is shut down)"
                    + " ends UNAVAILABLE; one whose deadline passes while it waits for a transport ends DEADLINE_EXCEEDED.");

    // --- HTTP semantics a gRPC server still owes a request that is not a call ----------------------

    public static final Rule RPC_43 = Rule.must("RPC-43", "RFC 9113 §8.1.1",
            "A content-length that is not a decimal number, or that differs from the sum of the DATA payloads that follow, makes"
                    + " the request malformed: stream error PROTOCOL_ERROR, judged as soon as the DATA passes it and again at END_STREAM.");

    public static final Rule RPC_44 = Rule.should("RPC-44", "RFC 9113 §8.1; " + DOC + " §Requests (HTTP 415); grpc-java NettyServerHandler",
            "A request the server rejects at the HTTP level (415 for a content-type that is not gRPC or missing, 405 for a method"
                    + " other than POST, 400 for a malformed grpc-timeout or -bin value) is read to its end, every frame judged, then"
                    + " answered with a complete HTTP response: the status, grpc-status and grpc-message, and a short text/plain body.");

    // --- what the server oracle judges of a client beyond the call machines (spec/oracle.md) ----

    public static final Rule RPC_45 = Rule.should("RPC-45", DOC + " §Requests (User-Agent); §User Agents",
            "A client names itself in a user-agent field of every request (grpc-<language>-<variant>/<version> and more);"
                    + " a request without one is served and reported.");

    public static final Rule RPC_46 = Rule.should("RPC-46", DOC + " §Requests (Request = Request-Headers *Length-Prefixed-Message EOS)",
            "A client ends a request that carries one message (unary, server streaming) with END_STREAM right after the message;"
                    + " one still open the observer's patience (10 s) after its message is reported.");
}
