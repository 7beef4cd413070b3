package io.grpcspec.client;

import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.rpc.services.GreeterMethods;
import java.util.Objects;

/** Typed stub of {@code helloworld.Greeter}. Immutable: {@code with*} return new stubs. */
public final class GreeterClient {
    private final Channel channel;
    private final CallOptions options;
    private final Metadata metadata;

    public GreeterClient(Channel channel) {
        this(channel, CallOptions.DEFAULT, null);
    }

    private GreeterClient(Channel channel, CallOptions options, Metadata metadata) {
        this.channel = Objects.requireNonNull(channel);
        this.options = options;
        this.metadata = metadata;
    }

    public GreeterClient withOptions(CallOptions o) {
        return new GreeterClient(channel, o, metadata);
    }

    public GreeterClient withMetadata(Metadata md) {
        return new GreeterClient(channel, options, md);
    }

    public HelloReply sayHello(HelloRequest request) throws StatusException, InterruptedException {
        return ClientCalls.blockingUnary(channel, GreeterMethods.SAY_HELLO, request, options, metadata);
    }

    /** {@code SayHello{name}} and the reply's message. */
    public String sayHello(String name) throws StatusException, InterruptedException {
        return sayHello(HelloRequest.newBuilder().setName(name).build()).getMessage();
    }
}
