package io.grpcspec.client;

import com.google.protobuf.ByteString;
import io.grpcspec.proto.testing.BoolValue;
import io.grpcspec.proto.testing.EchoStatus;
import io.grpcspec.proto.testing.Empty;
import io.grpcspec.proto.testing.Payload;
import io.grpcspec.proto.testing.ResponseParameters;
import io.grpcspec.proto.testing.SimpleRequest;
import io.grpcspec.proto.testing.SimpleResponse;
import io.grpcspec.proto.testing.StreamingInputCallRequest;
import io.grpcspec.proto.testing.StreamingInputCallResponse;
import io.grpcspec.proto.testing.StreamingOutputCallRequest;
import io.grpcspec.proto.testing.StreamingOutputCallResponse;
import io.grpcspec.rpc.Compression;
import io.grpcspec.rpc.MetadataValues;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.wire.Bytes;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The client side of the gRPC interop test cases ("interop-test-descriptions.md"), written
 * against our {@link TestServiceClient}. Each case throws {@link CaseFailed} with what differed.
 * Sizes and messages are the ones the descriptions fix.
 */
public final class InteropClient {

    /** A case did not get what the description requires. */
    public static final class CaseFailed extends RuntimeException {
        public CaseFailed(String message) {
            super(message);
        }
    }

    /** very_large_request: grpc-java's unaryPayloadLength (10 MiB). */
    public static final int VERY_LARGE_PAYLOAD = 10 * 1024 * 1024;

    private static final int[] REQUEST_SIZES = {27182, 8, 1828, 45904};
    private static final int[] RESPONSE_SIZES = {31415, 9, 2653, 58979};
    private static final String SPECIAL_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \uD83D\uDE08\t\n";
    private static final Duration CASE_TIMEOUT = Duration.ofSeconds(30);

    private final Channel channel;
    private final TestServiceClient stub;
    /** Whether the compressed-request cases first probe that the server checks expect_compressed. */
    private final boolean probeCompression;

    public InteropClient(Channel channel, boolean probeCompression) {
        this.channel = channel;
        this.stub = new TestServiceClient(channel).withOptions(CallOptions.DEFAULT.withTimeout(CASE_TIMEOUT));
        this.probeCompression = probeCompression;
    }

    /** The cases by their interop name. */
    public Map<String, Runnable> cases() {
        return Map.ofEntries(
                Map.entry("empty_unary", wrap(this::emptyUnary)),
                Map.entry("large_unary", wrap(this::largeUnary)),
                Map.entry("client_streaming", wrap(this::clientStreaming)),
                Map.entry("server_streaming", wrap(this::serverStreaming)),
                Map.entry("ping_pong", wrap(this::pingPong)),
                Map.entry("empty_stream", wrap(this::emptyStream)),
                Map.entry("cancel_after_begin", wrap(this::cancelAfterBegin)),
                Map.entry("cancel_after_first_response", wrap(this::cancelAfterFirstResponse)),
                Map.entry("timeout_on_sleeping_server", wrap(this::timeoutOnSleepingServer)),
                Map.entry("custom_metadata", wrap(this::customMetadata)),
                Map.entry("status_code_and_message", wrap(this::statusCodeAndMessage)),
                Map.entry("special_status_message", wrap(this::specialStatusMessage)),
                Map.entry("unimplemented_method", wrap(this::unimplementedMethod)),
                Map.entry("unimplemented_service", wrap(this::unimplementedService)),
                Map.entry("very_large_request", wrap(this::veryLargeRequest)),
                Map.entry("client_compressed_unary", wrap(this::clientCompressedUnary)),
                Map.entry("server_compressed_unary", wrap(this::serverCompressedUnary)),
                Map.entry("client_compressed_streaming", wrap(this::clientCompressedStreaming)),
                Map.entry("server_compressed_streaming", wrap(this::serverCompressedStreaming)));
    }

    /** Runs one case by name; throws {@link CaseFailed} (or IllegalArgumentException for an unknown name). */
    public void run(String testCase) {
        Runnable r = cases().get(testCase);
        if (r == null) throw new IllegalArgumentException("unknown interop case " + testCase);
        r.run();
    }

    @FunctionalInterface
    private interface Case {
        void run() throws Exception;
    }

    private static Runnable wrap(Case c) {
        return () -> {
            try {
                c.run();
            } catch (StatusException e) {
                throw new CaseFailed("call failed: " + e.status());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CaseFailed("interrupted");
            } catch (CaseFailed e) {
                throw e;
            } catch (Exception e) {
                throw new CaseFailed("unexpected " + e);
            }
        };
    }

    // ---------------------------------------------------------------- cases

    void emptyUnary() throws Exception {
        Empty r = stub.emptyCall(Empty.getDefaultInstance());
        check(r.equals(Empty.getDefaultInstance()), "EmptyCall returned " + r);
    }

    void largeUnary() throws Exception {
        SimpleResponse r = stub.unaryCall(SimpleRequest.newBuilder().setResponseSize(314159).setPayload(zeros(271828)).build());
        checkZeros(r.getPayload(), 314159, "UnaryCall response");
    }

    void clientStreaming() throws Exception {
        List<StreamingInputCallRequest> reqs = Arrays.stream(REQUEST_SIZES)
                .mapToObj(n -> StreamingInputCallRequest.newBuilder().setPayload(zeros(n)).build()).toList();
        StreamingInputCallResponse r = stub.streamingInputCall(reqs);
        check(r.getAggregatedPayloadSize() == 74922, "aggregated_payload_size " + r.getAggregatedPayloadSize() + ", want 74922");
    }

    void serverStreaming() throws Exception {
        StreamingOutputCallRequest.Builder b = StreamingOutputCallRequest.newBuilder();
        for (int n : RESPONSE_SIZES) b.addResponseParameters(ResponseParameters.newBuilder().setSize(n));
        List<StreamingOutputCallResponse> rs = stub.streamingOutputCall(b.build());
        check(rs.size() == RESPONSE_SIZES.length, rs.size() + " responses, want " + RESPONSE_SIZES.length);
        for (int i = 0; i < rs.size(); i++) checkZeros(rs.get(i).getPayload(), RESPONSE_SIZES[i], "response " + i);
    }

    void pingPong() throws Exception {
        try (CallStream<StreamingOutputCallRequest, StreamingOutputCallResponse> s = stub.fullDuplexCall()) {
            for (int i = 0; i < REQUEST_SIZES.length; i++) {
                s.send(StreamingOutputCallRequest.newBuilder()
                        .addResponseParameters(ResponseParameters.newBuilder().setSize(RESPONSE_SIZES[i]))
                        .setPayload(zeros(REQUEST_SIZES[i])).build());
                StreamingOutputCallResponse r = s.next(CASE_TIMEOUT);
                check(r != null, "stream ended before response " + i);
                checkZeros(r.getPayload(), RESPONSE_SIZES[i], "response " + i);
            }
            s.halfClose();
            check(s.next(CASE_TIMEOUT) == null, "a response after the last one");
        }
    }

    void emptyStream() throws Exception {
        try (CallStream<StreamingOutputCallRequest, StreamingOutputCallResponse> s = stub.fullDuplexCall()) {
            s.halfClose();
            check(s.next(CASE_TIMEOUT) == null, "a response on an empty stream");
        }
    }

    void cancelAfterBegin() throws Exception {
        CallStream<StreamingInputCallRequest, StreamingInputCallResponse> s = stub.streamingInputCall();
        s.cancel("cancel_after_begin");
        Status st = s.awaitStatus(CASE_TIMEOUT);
        checkCode(st, StatusCode.CANCELLED);
    }

    void cancelAfterFirstResponse() throws Exception {
        CallStream<StreamingOutputCallRequest, StreamingOutputCallResponse> s = stub.fullDuplexCall();
        s.send(StreamingOutputCallRequest.newBuilder()
                .addResponseParameters(ResponseParameters.newBuilder().setSize(31415))
                .setPayload(zeros(27182)).build());
        StreamingOutputCallResponse r = s.next(CASE_TIMEOUT);
        check(r != null, "no first response");
        checkZeros(r.getPayload(), 31415, "first response");
        s.cancel("cancel_after_first_response");
        checkCode(s.awaitStatus(CASE_TIMEOUT), StatusCode.CANCELLED);
    }

    void timeoutOnSleepingServer() throws Exception {
        TestServiceClient quick = stub.withOptions(CallOptions.DEFAULT.withTimeout(Duration.ofMillis(1)));
        CallStream<StreamingOutputCallRequest, StreamingOutputCallResponse> s = quick.fullDuplexCall();
        // The call may already be over when this is sent: the send is then dropped.
        s.send(StreamingOutputCallRequest.newBuilder().setPayload(zeros(27182)).build());
        checkCode(s.awaitStatus(CASE_TIMEOUT), StatusCode.DEADLINE_EXCEEDED);
    }

    void customMetadata() throws Exception {
        Bytes trailing = Bytes.of(new byte[] {(byte) 0xab, (byte) 0xab, (byte) 0xab});
        Metadata md = Metadata.of(Metadata.ascii("x-grpc-test-echo-initial", "test_initial_metadata_value"),
                Metadata.binary("x-grpc-test-echo-trailing-bin", trailing));
        try (CallStream<SimpleRequest, SimpleResponse> s = CallStream.start(channel,
                io.grpcspec.rpc.services.TestServiceMethods.UNARY_CALL, stub.options(), md)) {
            s.send(SimpleRequest.newBuilder().setResponseSize(314159).setPayload(zeros(271828)).build()).halfClose();
            SimpleResponse r = s.next(CASE_TIMEOUT);
            check(r != null, "no UnaryCall response");
            checkZeros(r.getPayload(), 314159, "UnaryCall response");
            check(s.next(CASE_TIMEOUT) == null, "a second UnaryCall response");
            checkEcho(s.headers(CASE_TIMEOUT), s.trailers(), trailing, "UnaryCall");
        }
        try (CallStream<StreamingOutputCallRequest, StreamingOutputCallResponse> s = CallStream.start(channel,
                io.grpcspec.rpc.services.TestServiceMethods.FULL_DUPLEX_CALL, stub.options(), md)) {
            s.send(StreamingOutputCallRequest.newBuilder()
                    .addResponseParameters(ResponseParameters.newBuilder().setSize(314159))
                    .setPayload(zeros(271828)).build()).halfClose();
            StreamingOutputCallResponse r = s.next(CASE_TIMEOUT);
            check(r != null, "no FullDuplexCall response");
            checkZeros(r.getPayload(), 314159, "FullDuplexCall response");
            check(s.next(CASE_TIMEOUT) == null, "a second FullDuplexCall response");
            checkEcho(s.headers(CASE_TIMEOUT), s.trailers(), trailing, "FullDuplexCall");
        }
    }

    private static void checkEcho(Metadata headers, Metadata trailers, Bytes trailing, String call) {
        String initial = MetadataValues.text(headers, "x-grpc-test-echo-initial");
        check("test_initial_metadata_value".equals(initial), call + ": initial metadata echo is " + initial + " in " + headers);
        Bytes t = MetadataValues.binary(trailers, "x-grpc-test-echo-trailing-bin");
        check(trailing.equals(t), call + ": trailing metadata echo is " + t + " in " + trailers);
    }

    void statusCodeAndMessage() throws Exception {
        statusEcho("test status message");
    }

    void specialStatusMessage() throws Exception {
        EchoStatus echo = EchoStatus.newBuilder().setCode(2).setMessage(SPECIAL_MESSAGE).build();
        Status st = unaryStatus(SimpleRequest.newBuilder().setResponseStatus(echo).build());
        checkCode(st, StatusCode.UNKNOWN);
        check(st.message().equals(SPECIAL_MESSAGE), "message " + quote(st.message()) + ", want " + quote(SPECIAL_MESSAGE));
    }

    private void statusEcho(String message) throws Exception {
        EchoStatus echo = EchoStatus.newBuilder().setCode(2).setMessage(message).build();
        Status st = unaryStatus(SimpleRequest.newBuilder().setResponseStatus(echo).build());
        checkCode(st, StatusCode.UNKNOWN);
        check(st.message().equals(message), "UnaryCall message " + quote(st.message()));
        try (CallStream<StreamingOutputCallRequest, StreamingOutputCallResponse> s = stub.fullDuplexCall()) {
            s.send(StreamingOutputCallRequest.newBuilder().setResponseStatus(echo).build()).halfClose();
            Status fs = s.awaitStatus(CASE_TIMEOUT);
            checkCode(fs, StatusCode.UNKNOWN);
            check(fs.message().equals(message), "FullDuplexCall message " + quote(fs.message()));
        }
    }

    private Status unaryStatus(SimpleRequest req) throws Exception {
        try {
            stub.unaryCall(req);
            return Status.OK;
        } catch (StatusException e) {
            return e.status();
        }
    }

    void unimplementedMethod() throws Exception {
        try {
            stub.unimplementedCall(Empty.getDefaultInstance());
            throw new CaseFailed("UnimplementedCall succeeded");
        } catch (StatusException e) {
            checkCode(e.status(), StatusCode.UNIMPLEMENTED);
        }
    }

    void unimplementedService() throws Exception {
        try {
            stub.unimplementedServiceCall(Empty.getDefaultInstance());
            throw new CaseFailed("UnimplementedService/UnimplementedCall succeeded");
        } catch (StatusException e) {
            checkCode(e.status(), StatusCode.UNIMPLEMENTED);
        }
    }

    void veryLargeRequest() throws Exception {
        SimpleResponse r = stub.unaryCall(SimpleRequest.newBuilder().setResponseSize(10).setPayload(zeros(VERY_LARGE_PAYLOAD)).build());
        checkZeros(r.getPayload(), 10, "UnaryCall response");
    }

    void clientCompressedUnary() throws Exception {
        if (probeCompression) {
            Status probe = unaryStatus(SimpleRequest.newBuilder().setExpectCompressed(yes(true))
                    .setResponseSize(314159).setPayload(zeros(271828)).build());
            checkCode(probe, StatusCode.INVALID_ARGUMENT);
        }
        TestServiceClient gzip = stub.withOptions(stub.options().withCompression(Compression.GZIP));
        SimpleResponse r = gzip.unaryCall(SimpleRequest.newBuilder().setExpectCompressed(yes(true))
                .setResponseSize(314159).setPayload(zeros(271828)).build());
        checkZeros(r.getPayload(), 314159, "compressed request's response");
        r = stub.unaryCall(SimpleRequest.newBuilder().setExpectCompressed(yes(false))
                .setResponseSize(314159).setPayload(zeros(271828)).build());
        checkZeros(r.getPayload(), 314159, "uncompressed request's response");
    }

    void serverCompressedUnary() throws Exception {
        for (boolean compressed : new boolean[] {true, false}) {
            SimpleResponse r = stub.unaryCall(SimpleRequest.newBuilder().setResponseCompressed(yes(compressed))
                    .setResponseSize(314159).setPayload(zeros(271828)).build());
            checkZeros(r.getPayload(), 314159, "response (compressed=" + compressed + ")");
        }
    }

    void clientCompressedStreaming() throws Exception {
        if (probeCompression) {
            try (CallStream<StreamingInputCallRequest, StreamingInputCallResponse> s = stub.streamingInputCall()) {
                s.send(StreamingInputCallRequest.newBuilder().setExpectCompressed(yes(true)).setPayload(zeros(27182)).build());
                checkCode(s.awaitStatus(CASE_TIMEOUT), StatusCode.INVALID_ARGUMENT);
            }
        }
        TestServiceClient gzip = stub.withOptions(stub.options().withCompression(Compression.GZIP));
        try (CallStream<StreamingInputCallRequest, StreamingInputCallResponse> s = gzip.streamingInputCall()) {
            s.send(StreamingInputCallRequest.newBuilder().setExpectCompressed(yes(true)).setPayload(zeros(27182)).build());
            s.setMessageCompression(false);
            s.send(StreamingInputCallRequest.newBuilder().setExpectCompressed(yes(false)).setPayload(zeros(45904)).build());
            s.halfClose();
            StreamingInputCallResponse r = s.next(CASE_TIMEOUT);
            check(r != null, "no response");
            check(r.getAggregatedPayloadSize() == 73086, "aggregated_payload_size " + r.getAggregatedPayloadSize() + ", want 73086");
        }
    }

    void serverCompressedStreaming() throws Exception {
        StreamingOutputCallRequest req = StreamingOutputCallRequest.newBuilder()
                .addResponseParameters(ResponseParameters.newBuilder().setCompressed(yes(true)).setSize(31415))
                .addResponseParameters(ResponseParameters.newBuilder().setCompressed(yes(false)).setSize(92653))
                .build();
        List<StreamingOutputCallResponse> rs = stub.streamingOutputCall(req);
        check(rs.size() == 2, rs.size() + " responses, want 2");
        checkZeros(rs.get(0).getPayload(), 31415, "compressed response");
        checkZeros(rs.get(1).getPayload(), 92653, "uncompressed response");
    }

    // ---------------------------------------------------------------- helpers

    private static Payload zeros(int n) {
        return Payload.newBuilder().setBody(ByteString.copyFrom(new byte[n])).build();
    }

    private static BoolValue yes(boolean b) {
        return BoolValue.newBuilder().setValue(b).build();
    }

    private static void checkZeros(Payload p, int size, String what) {
        check(p.getBody().size() == size, what + ": payload of " + p.getBody().size() + " bytes, want " + size);
        for (int i = 0; i < size; i++) {
            if (p.getBody().byteAt(i) != 0) throw new CaseFailed(what + ": payload byte " + i + " is not zero");
        }
    }

    private static void checkCode(Status st, StatusCode want) {
        check(st != null, "the call did not end in time (want " + want + ")");
        check(st.code() == want, "status " + st + ", want " + want);
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new CaseFailed(what);
    }

    private static String quote(String s) {
        return s.chars().mapToObj(c -> c < 0x20 ? String.format("\\x%02x", c) : String.valueOf((char) c))
                .reduce("\"", String::concat) + "\"";
    }

}
