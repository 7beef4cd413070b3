package io.grpcspec.rpc.services;

import com.google.protobuf.Descriptors;
import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.proto.helloworld.Helloworld;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.MethodType;
import io.grpcspec.rpc.ProtoMarshaller;

/** {@code helloworld.Greeter}, the service of gRPC's hello-world examples. */
public final class GreeterMethods {
    public static final String SERVICE = "helloworld.Greeter";

    public static final Descriptors.ServiceDescriptor DESCRIPTOR = Helloworld.getDescriptor().findServiceByName("Greeter");

    public static final MethodDescriptor<HelloRequest, HelloReply> SAY_HELLO = MethodDescriptor.of(SERVICE, "SayHello",
            MethodType.UNARY, ProtoMarshaller.of(HelloRequest.getDefaultInstance()), ProtoMarshaller.of(HelloReply.getDefaultInstance()));

    private GreeterMethods() {}
}
