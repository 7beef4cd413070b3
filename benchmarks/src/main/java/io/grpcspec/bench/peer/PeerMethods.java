package io.grpcspec.bench.peer;

import com.google.protobuf.MessageLite;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.proto.testing.Empty;
import io.grpcspec.proto.testing.SimpleRequest;
import io.grpcspec.proto.testing.SimpleResponse;
import io.grpcspec.proto.testing.StreamingOutputCallRequest;
import io.grpcspec.proto.testing.StreamingOutputCallResponse;

/**
 * The methods the comparison uses, as grpc-java method descriptors over OUR generated messages
 * (same proto packages, names and field numbers as gRPC's helloworld and interop protos): no
 * grpc-java code generator and no interop-testing jar with its xDS and telemetry dependencies.
 * The grpc-java peer server serves them and the grpc-java load client calls them.
 */
public final class PeerMethods {
    private PeerMethods() {}

    public static final String GREETER = "helloworld.Greeter";
    public static final String TEST_SERVICE = "grpc.testing.TestService";

    public static final MethodDescriptor<HelloRequest, HelloReply> SAY_HELLO =
            unary(GREETER, "SayHello", HelloRequest.getDefaultInstance(), HelloReply.getDefaultInstance());
    public static final MethodDescriptor<Empty, Empty> EMPTY_CALL =
            unary(TEST_SERVICE, "EmptyCall", Empty.getDefaultInstance(), Empty.getDefaultInstance());
    public static final MethodDescriptor<SimpleRequest, SimpleResponse> UNARY_CALL =
            unary(TEST_SERVICE, "UnaryCall", SimpleRequest.getDefaultInstance(), SimpleResponse.getDefaultInstance());
    public static final MethodDescriptor<StreamingOutputCallRequest, StreamingOutputCallResponse> STREAMING_OUTPUT_CALL =
            method(MethodDescriptor.MethodType.SERVER_STREAMING, TEST_SERVICE, "StreamingOutputCall",
                    StreamingOutputCallRequest.getDefaultInstance(), StreamingOutputCallResponse.getDefaultInstance());
    public static final MethodDescriptor<StreamingOutputCallRequest, StreamingOutputCallResponse> FULL_DUPLEX_CALL =
            method(MethodDescriptor.MethodType.BIDI_STREAMING, TEST_SERVICE, "FullDuplexCall",
                    StreamingOutputCallRequest.getDefaultInstance(), StreamingOutputCallResponse.getDefaultInstance());

    private static <Q extends MessageLite, R extends MessageLite> MethodDescriptor<Q, R> unary(
            String service, String name, Q request, R response) {
        return method(MethodDescriptor.MethodType.UNARY, service, name, request, response);
    }

    @SuppressWarnings("unchecked")
    private static <Q extends MessageLite, R extends MessageLite> MethodDescriptor<Q, R> method(
            MethodDescriptor.MethodType type, String service, String name, Q request, R response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
                .setRequestMarshaller((MethodDescriptor.Marshaller<Q>) ProtoUtils.marshaller((com.google.protobuf.Message) request))
                .setResponseMarshaller((MethodDescriptor.Marshaller<R>) ProtoUtils.marshaller((com.google.protobuf.Message) response))
                .build();
    }
}
