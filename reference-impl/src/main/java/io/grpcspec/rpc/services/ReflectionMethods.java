package io.grpcspec.rpc.services;

import com.google.protobuf.Descriptors;
import io.grpcspec.proto.reflection.v1.ServerReflectionProto;
import io.grpcspec.proto.reflection.v1.ServerReflectionRequest;
import io.grpcspec.proto.reflection.v1.ServerReflectionResponse;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.MethodType;
import io.grpcspec.rpc.ProtoMarshaller;

/**
 * Server reflection under both of its names, {@code grpc.reflection.v1.ServerReflection} and the
 * older {@code grpc.reflection.v1alpha.ServerReflection}. The two protos are the same message
 * for message and field number for field number, so both methods read and write the v1 classes;
 * only the service names (the {@code :path}) and the descriptors differ.
 */
public final class ReflectionMethods {
    public static final String SERVICE_V1 = "grpc.reflection.v1.ServerReflection";
    public static final String SERVICE_V1ALPHA = "grpc.reflection.v1alpha.ServerReflection";

    public static final Descriptors.ServiceDescriptor DESCRIPTOR_V1 =
            ServerReflectionProto.getDescriptor().findServiceByName("ServerReflection");
    public static final Descriptors.ServiceDescriptor DESCRIPTOR_V1ALPHA =
            io.grpcspec.proto.reflection.v1alpha.ServerReflectionProto.getDescriptor().findServiceByName("ServerReflection");

    public static final MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> INFO_V1 = info(SERVICE_V1);
    public static final MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> INFO_V1ALPHA = info(SERVICE_V1ALPHA);

    private ReflectionMethods() {}

    private static MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> info(String service) {
        return MethodDescriptor.of(service, "ServerReflectionInfo", MethodType.BIDI_STREAMING,
                ProtoMarshaller.of(ServerReflectionRequest.getDefaultInstance()),
                ProtoMarshaller.of(ServerReflectionResponse.getDefaultInstance()));
    }
}
