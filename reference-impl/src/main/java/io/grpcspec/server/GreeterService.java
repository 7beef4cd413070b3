package io.grpcspec.server;

import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.MethodType;
import io.grpcspec.rpc.ProtoMarshaller;
import io.grpcspec.rpc.ServiceDefinition;

/** {@code helloworld.Greeter/SayHello}: HelloRequest{name} → HelloReply{"Hello " + name}. */
public final class GreeterService {
    public static final String NAME = "helloworld.Greeter";

    public static final MethodDescriptor<HelloRequest, HelloReply> SAY_HELLO = MethodDescriptor.of(NAME, "SayHello",
            MethodType.UNARY, ProtoMarshaller.of(HelloRequest.getDefaultInstance()), ProtoMarshaller.of(HelloReply.getDefaultInstance()));

    private GreeterService() {}

    public static ServiceDefinition definition() {
        return ServiceDefinition.builder(NAME)
                .method(SAY_HELLO, (io.grpcspec.rpc.ServerMethods.Unary<HelloRequest, HelloReply>)
                        (request, ctx) -> HelloReply.newBuilder().setMessage("Hello " + request.getName()).build())
                .build();
    }
}
