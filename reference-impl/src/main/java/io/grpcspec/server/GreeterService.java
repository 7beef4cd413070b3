package io.grpcspec.server;

import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.rpc.ServerMethods;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.rpc.services.GreeterMethods;

/** {@code helloworld.Greeter/SayHello}: HelloRequest{name} → HelloReply{"Hello " + name}. */
public final class GreeterService {
    private GreeterService() {}

    public static ServiceDefinition definition() {
        return ServiceDefinition.builder(GreeterMethods.SERVICE)
                .proto(GreeterMethods.DESCRIPTOR)
                .method(GreeterMethods.SAY_HELLO, (ServerMethods.Unary<HelloRequest, HelloReply>)
                        (request, ctx) -> HelloReply.newBuilder().setMessage("Hello " + request.getName()).build())
                .build();
    }
}
