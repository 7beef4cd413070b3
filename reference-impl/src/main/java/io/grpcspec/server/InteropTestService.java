package io.grpcspec.server;

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
import io.grpcspec.rpc.CallContext;
import io.grpcspec.rpc.Compression;
import io.grpcspec.rpc.MetadataValues;
import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.wire.Bytes;
import io.grpcspec.rpc.ServerMethods;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.rpc.StreamObserver;
import io.grpcspec.rpc.services.TestServiceMethods;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code grpc.testing.TestService} as the public gRPC interop test descriptions define it, so any
 * implementation's interop client can be pointed at our server. UnimplementedCall is left out
 * on purpose: the registry answers UNIMPLEMENTED for it, which is what the test expects.
 */
public final class InteropTestService {
    /** Request metadata echoed back in the response headers (interop "custom_metadata"). */
    static final String ECHO_INITIAL = "x-grpc-test-echo-initial";
    /** Request metadata echoed back in the trailers. */
    static final String ECHO_TRAILING = "x-grpc-test-echo-trailing-bin";

    private InteropTestService() {}

    public static ServiceDefinition definition() {
        return ServiceDefinition.builder(TestServiceMethods.SERVICE)
                .proto(TestServiceMethods.DESCRIPTOR)
                .method(TestServiceMethods.EMPTY_CALL, (ServerMethods.Unary<Empty, Empty>) (req, ctx) -> {
                    echoMetadata(ctx);
                    return Empty.getDefaultInstance();
                })
                .method(TestServiceMethods.UNARY_CALL, (ServerMethods.Unary<SimpleRequest, SimpleResponse>) InteropTestService::unary)
                .method(TestServiceMethods.CACHEABLE_UNARY_CALL, (ServerMethods.Unary<SimpleRequest, SimpleResponse>) InteropTestService::unary)
                .method(TestServiceMethods.STREAMING_OUTPUT_CALL,
                        (ServerMethods.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>) (req, out, ctx) -> {
                            echoMetadata(ctx);
                            respond(req, out, ctx);
                            finish(req.hasResponseStatus() ? req.getResponseStatus() : null, out);
                        })
                .method(TestServiceMethods.STREAMING_INPUT_CALL,
                        (ServerMethods.ClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>) InteropTestService::streamingInput)
                .method(TestServiceMethods.FULL_DUPLEX_CALL,
                        (ServerMethods.BidiStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>) InteropTestService::fullDuplex)
                .method(TestServiceMethods.HALF_DUPLEX_CALL,
                        (ServerMethods.BidiStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>) InteropTestService::halfDuplex)
                .build();
    }

    private static SimpleResponse unary(SimpleRequest req, CallContext ctx) throws StatusException {
        echoMetadata(ctx);
        checkCompressed(req.hasExpectCompressed() ? req.getExpectCompressed() : null, ctx);
        if (req.hasResponseStatus() && req.getResponseStatus().getCode() != 0) throw statusOf(req.getResponseStatus());
        compressIfAsked(req.hasResponseCompressed() ? req.getResponseCompressed() : null, ctx);
        return SimpleResponse.newBuilder().setPayload(payload(req.getResponseSize())).build();
    }

    private static StreamObserver<StreamingInputCallRequest> streamingInput(StreamObserver<StreamingInputCallResponse> out, CallContext ctx) {
        return new StreamObserver<>() {
            private int total;
            private boolean failed;

            @Override
            public void onNext(StreamingInputCallRequest req) {
                if (failed) return;
                try {
                    checkCompressed(req.hasExpectCompressed() ? req.getExpectCompressed() : null, ctx);
                } catch (StatusException e) {
                    failed = true;
                    out.onError(e);
                    return;
                }
                total += req.getPayload().getBody().size();
            }

            @Override
            public void onError(Throwable error) {
                // the client went away; nothing to answer
            }

            @Override
            public void onCompleted() {
                if (failed) return;
                out.onNext(StreamingInputCallResponse.newBuilder().setAggregatedPayloadSize(total).build());
                out.onCompleted();
            }
        };
    }

    private static StreamObserver<StreamingOutputCallRequest> fullDuplex(StreamObserver<StreamingOutputCallResponse> out, CallContext ctx) {
        echoMetadata(ctx);
        return new StreamObserver<>() {
            private boolean done;

            @Override
            public void onNext(StreamingOutputCallRequest req) {
                if (done) return;
                if (req.hasResponseStatus() && req.getResponseStatus().getCode() != 0) {
                    done = true;
                    out.onError(statusOf(req.getResponseStatus()));
                    return;
                }
                try {
                    respond(req, out, ctx);
                } catch (StatusException e) {
                    done = true;
                    out.onError(e);
                }
            }

            @Override
            public void onError(Throwable error) {
                done = true;
            }

            @Override
            public void onCompleted() {
                if (done) return;
                done = true;
                out.onCompleted();
            }
        };
    }

    private static StreamObserver<StreamingOutputCallRequest> halfDuplex(StreamObserver<StreamingOutputCallResponse> out, CallContext ctx) {
        echoMetadata(ctx);
        List<StreamingOutputCallRequest> buffered = new ArrayList<>();
        return new StreamObserver<>() {
            @Override
            public void onNext(StreamingOutputCallRequest req) {
                buffered.add(req);
            }

            @Override
            public void onError(Throwable error) {
                buffered.clear();
            }

            @Override
            public void onCompleted() {
                try {
                    for (StreamingOutputCallRequest req : buffered) respond(req, out, ctx);
                    out.onCompleted();
                } catch (StatusException e) {
                    out.onError(e);
                }
            }
        };
    }

    /** Sends the responses {@code req} asks for, sleeping {@code interval_us} before each. */
    private static void respond(StreamingOutputCallRequest req, StreamObserver<StreamingOutputCallResponse> out, CallContext ctx)
            throws StatusException {
        for (ResponseParameters p : req.getResponseParametersList()) {
            if (p.getIntervalUs() > 0) sleepMicros(p.getIntervalUs(), ctx);
            if (ctx.isCancelled()) throw StatusException.of(StatusCode.CANCELLED, "call cancelled");
            compressIfAsked(p.hasCompressed() ? p.getCompressed() : null, ctx);
            out.onNext(StreamingOutputCallResponse.newBuilder().setPayload(payload(p.getSize())).build());
        }
    }

    private static void finish(EchoStatus status, StreamObserver<?> out) {
        if (status != null && status.getCode() != 0) out.onError(statusOf(status));
        else out.onCompleted();
    }

    private static void echoMetadata(CallContext ctx) {
        Metadata md = ctx.requestMetadata();
        String initial = MetadataValues.text(md, ECHO_INITIAL);
        if (initial != null) ctx.addResponseHeaders(Metadata.of(Metadata.ascii(ECHO_INITIAL, initial)));
        Bytes trailing = MetadataValues.binary(md, ECHO_TRAILING);
        if (trailing != null) ctx.addTrailers(Metadata.of(Metadata.binary(ECHO_TRAILING, trailing)));
    }

    /** Interop "client_compressed_*": the server must see the compression the client says it used. */
    private static void checkCompressed(BoolValue expect, CallContext ctx) throws StatusException {
        if (expect == null) return;
        if (expect.getValue() && !ctx.lastRequestCompressed()) {
            throw StatusException.of(StatusCode.INVALID_ARGUMENT, "expected a compressed request message");
        }
        if (!expect.getValue() && ctx.lastRequestCompressed()) {
            throw StatusException.of(StatusCode.INVALID_ARGUMENT, "expected an uncompressed request message");
        }
    }

    private static void compressIfAsked(BoolValue compressed, CallContext ctx) {
        if (compressed == null) return;
        if (compressed.getValue()) ctx.setResponseCompression(Compression.GZIP);
        ctx.setMessageCompression(compressed.getValue());
    }

    private static Payload payload(int size) {
        return Payload.newBuilder().setBody(ByteString.copyFrom(new byte[Math.max(0, size)])).build();
    }

    private static StatusException statusOf(EchoStatus s) {
        StatusCode code = StatusCode.known(s.getCode());
        return new StatusException(Status.of(code == null ? StatusCode.UNKNOWN : code, s.getMessage()));
    }

    private static void sleepMicros(long micros, CallContext ctx) throws StatusException {
        long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
        try {
            for (long left; (left = until - System.nanoTime()) > 0 && !ctx.isCancelled(); ) {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StatusException.of(StatusCode.CANCELLED, "interrupted");
        }
    }
}
