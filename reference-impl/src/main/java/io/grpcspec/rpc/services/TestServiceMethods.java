package io.grpcspec.rpc.services;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpcspec.proto.testing.Empty;
import io.grpcspec.proto.testing.SimpleRequest;
import io.grpcspec.proto.testing.SimpleResponse;
import io.grpcspec.proto.testing.StreamingInputCallRequest;
import io.grpcspec.proto.testing.StreamingInputCallResponse;
import io.grpcspec.proto.testing.StreamingOutputCallRequest;
import io.grpcspec.proto.testing.StreamingOutputCallResponse;
import io.grpcspec.proto.testing.TestServiceProto;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.MethodType;
import io.grpcspec.rpc.ProtoMarshaller;

/** Descriptors of {@code grpc.testing.TestService} (and UnimplementedService), shared by server and client stubs. */
public final class TestServiceMethods {
    public static final String SERVICE = "grpc.testing.TestService";
    public static final String UNIMPLEMENTED_SERVICE = "grpc.testing.UnimplementedService";

    public static final Descriptors.ServiceDescriptor DESCRIPTOR = TestServiceProto.getDescriptor().findServiceByName("TestService");
    public static final Descriptors.ServiceDescriptor UNIMPLEMENTED_SERVICE_DESCRIPTOR =
            TestServiceProto.getDescriptor().findServiceByName("UnimplementedService");

    public static final MethodDescriptor<Empty, Empty> EMPTY_CALL = m(SERVICE, "EmptyCall", MethodType.UNARY, Empty.getDefaultInstance(), Empty.getDefaultInstance());
    public static final MethodDescriptor<SimpleRequest, SimpleResponse> UNARY_CALL = m(SERVICE, "UnaryCall", MethodType.UNARY, SimpleRequest.getDefaultInstance(), SimpleResponse.getDefaultInstance());
    public static final MethodDescriptor<SimpleRequest, SimpleResponse> CACHEABLE_UNARY_CALL = m(SERVICE, "CacheableUnaryCall", MethodType.UNARY, SimpleRequest.getDefaultInstance(), SimpleResponse.getDefaultInstance());
    public static final MethodDescriptor<StreamingOutputCallRequest, StreamingOutputCallResponse> STREAMING_OUTPUT_CALL = m(SERVICE, "StreamingOutputCall", MethodType.SERVER_STREAMING, StreamingOutputCallRequest.getDefaultInstance(), StreamingOutputCallResponse.getDefaultInstance());
    public static final MethodDescriptor<StreamingInputCallRequest, StreamingInputCallResponse> STREAMING_INPUT_CALL = m(SERVICE, "StreamingInputCall", MethodType.CLIENT_STREAMING, StreamingInputCallRequest.getDefaultInstance(), StreamingInputCallResponse.getDefaultInstance());
    public static final MethodDescriptor<StreamingOutputCallRequest, StreamingOutputCallResponse> FULL_DUPLEX_CALL = m(SERVICE, "FullDuplexCall", MethodType.BIDI_STREAMING, StreamingOutputCallRequest.getDefaultInstance(), StreamingOutputCallResponse.getDefaultInstance());
    public static final MethodDescriptor<StreamingOutputCallRequest, StreamingOutputCallResponse> HALF_DUPLEX_CALL = m(SERVICE, "HalfDuplexCall", MethodType.BIDI_STREAMING, StreamingOutputCallRequest.getDefaultInstance(), StreamingOutputCallResponse.getDefaultInstance());
    public static final MethodDescriptor<Empty, Empty> UNIMPLEMENTED_CALL = m(SERVICE, "UnimplementedCall", MethodType.UNARY, Empty.getDefaultInstance(), Empty.getDefaultInstance());
    public static final MethodDescriptor<Empty, Empty> UNIMPLEMENTED_SERVICE_CALL = m(UNIMPLEMENTED_SERVICE, "UnimplementedCall", MethodType.UNARY, Empty.getDefaultInstance(), Empty.getDefaultInstance());

    private TestServiceMethods() {}

    private static <Req extends Message, Resp extends Message> MethodDescriptor<Req, Resp> m(
            String service, String method, MethodType type, Req req, Resp resp) {
        return MethodDescriptor.of(service, method, type, ProtoMarshaller.of(req), ProtoMarshaller.of(resp));
    }
}
