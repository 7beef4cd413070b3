package io.grpcspec.rpc.services;

import com.google.protobuf.Descriptors;
import io.grpcspec.proto.health.v1.HealthCheckRequest;
import io.grpcspec.proto.health.v1.HealthCheckResponse;
import io.grpcspec.proto.health.v1.HealthProto;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.MethodType;
import io.grpcspec.rpc.ProtoMarshaller;

/** {@code grpc.health.v1.Health} (gRPC "health-checking.md"): Check and Watch. */
public final class HealthMethods {
    public static final String SERVICE = "grpc.health.v1.Health";

    public static final Descriptors.ServiceDescriptor DESCRIPTOR = HealthProto.getDescriptor().findServiceByName("Health");

    public static final MethodDescriptor<HealthCheckRequest, HealthCheckResponse> CHECK = MethodDescriptor.of(SERVICE, "Check",
            MethodType.UNARY, ProtoMarshaller.of(HealthCheckRequest.getDefaultInstance()),
            ProtoMarshaller.of(HealthCheckResponse.getDefaultInstance()));

    public static final MethodDescriptor<HealthCheckRequest, HealthCheckResponse> WATCH = MethodDescriptor.of(SERVICE, "Watch",
            MethodType.SERVER_STREAMING, ProtoMarshaller.of(HealthCheckRequest.getDefaultInstance()),
            ProtoMarshaller.of(HealthCheckResponse.getDefaultInstance()));

    private HealthMethods() {}
}
