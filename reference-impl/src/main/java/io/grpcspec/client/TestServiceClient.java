package io.grpcspec.client;

import io.grpcspec.proto.testing.Empty;
import io.grpcspec.proto.testing.SimpleRequest;
import io.grpcspec.proto.testing.SimpleResponse;
import io.grpcspec.proto.testing.StreamingInputCallRequest;
import io.grpcspec.proto.testing.StreamingInputCallResponse;
import io.grpcspec.proto.testing.StreamingOutputCallRequest;
import io.grpcspec.proto.testing.StreamingOutputCallResponse;
import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.rpc.services.TestServiceMethods;
import java.util.List;
import java.util.Objects;

/** Typed stub of {@code grpc.testing.TestService} (and UnimplementedService). Immutable. */
public final class TestServiceClient {
    private final Channel channel;
    private final CallOptions options;
    private final Metadata metadata;

    public TestServiceClient(Channel channel) {
        this(channel, CallOptions.DEFAULT, null);
    }

    private TestServiceClient(Channel channel, CallOptions options, Metadata metadata) {
        this.channel = Objects.requireNonNull(channel);
        this.options = options;
        this.metadata = metadata;
    }

    public TestServiceClient withOptions(CallOptions o) {
        return new TestServiceClient(channel, o, metadata);
    }

    public TestServiceClient withMetadata(Metadata md) {
        return new TestServiceClient(channel, options, md);
    }

    public CallOptions options() {
        return options;
    }

    public Empty emptyCall(Empty request) throws StatusException, InterruptedException {
        return ClientCalls.blockingUnary(channel, TestServiceMethods.EMPTY_CALL, request, options, metadata);
    }

    public SimpleResponse unaryCall(SimpleRequest request) throws StatusException, InterruptedException {
        return ClientCalls.blockingUnary(channel, TestServiceMethods.UNARY_CALL, request, options, metadata);
    }

    public SimpleResponse cacheableUnaryCall(SimpleRequest request) throws StatusException, InterruptedException {
        return ClientCalls.blockingUnary(channel, TestServiceMethods.CACHEABLE_UNARY_CALL, request, options, metadata);
    }

    public List<StreamingOutputCallResponse> streamingOutputCall(StreamingOutputCallRequest request)
            throws StatusException, InterruptedException {
        return ClientCalls.blockingServerStreaming(channel, TestServiceMethods.STREAMING_OUTPUT_CALL, request, options, metadata);
    }

    public StreamingInputCallResponse streamingInputCall(List<StreamingInputCallRequest> requests)
            throws StatusException, InterruptedException {
        return ClientCalls.blockingClientStreaming(channel, TestServiceMethods.STREAMING_INPUT_CALL, requests, options, metadata);
    }

    /** Client streaming with the handle in hand (per-message compression, cancellation). */
    public CallStream<StreamingInputCallRequest, StreamingInputCallResponse> streamingInputCall() {
        return CallStream.start(channel, TestServiceMethods.STREAMING_INPUT_CALL, options, metadata);
    }

    /** A server-streaming call with the handle in hand (to read responses one at a time or cancel). */
    public CallStream<StreamingOutputCallRequest, StreamingOutputCallResponse> streamingOutputCallStream(
            StreamingOutputCallRequest request) {
        CallStream<StreamingOutputCallRequest, StreamingOutputCallResponse> s =
                CallStream.start(channel, TestServiceMethods.STREAMING_OUTPUT_CALL, options, metadata);
        s.send(request).halfClose();
        return s;
    }

    public CallStream<StreamingOutputCallRequest, StreamingOutputCallResponse> fullDuplexCall() {
        return CallStream.start(channel, TestServiceMethods.FULL_DUPLEX_CALL, options, metadata);
    }

    public CallStream<StreamingOutputCallRequest, StreamingOutputCallResponse> halfDuplexCall() {
        return CallStream.start(channel, TestServiceMethods.HALF_DUPLEX_CALL, options, metadata);
    }

    public Empty unimplementedCall(Empty request) throws StatusException, InterruptedException {
        return ClientCalls.blockingUnary(channel, TestServiceMethods.UNIMPLEMENTED_CALL, request, options, metadata);
    }

    /** {@code grpc.testing.UnimplementedService/UnimplementedCall}. */
    public Empty unimplementedServiceCall(Empty request) throws StatusException, InterruptedException {
        return ClientCalls.blockingUnary(channel, TestServiceMethods.UNIMPLEMENTED_SERVICE_CALL, request, options, metadata);
    }
}
