package io.grpcspec.interop;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A grpc-java {@code helloworld.Greeter} server and client, in the test JVM, built on
 * grpc-java's generic API with OUR generated messages ({@code io.grpcspec.proto.helloworld}):
 * no grpc-java code generator, no {@code io.grpc.examples} jar. It is the peer for our own
 * Greeter client and server. The server answers {@code "Hello " + name}, like grpc's examples.
 */
public final class GrpcJavaGreeter {
    private GrpcJavaGreeter() {}

    public static final String SERVICE = "helloworld.Greeter";

    /** {@code /helloworld.Greeter/SayHello}, unary, protobuf-marshalled. */
    public static final MethodDescriptor<HelloRequest, HelloReply> SAY_HELLO =
            MethodDescriptor.<HelloRequest, HelloReply>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "SayHello"))
                    .setRequestMarshaller(ProtoUtils.marshaller(HelloRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(HelloReply.getDefaultInstance()))
                    .build();

    /** The reply the grpc-java Greeter server gives for {@code name}. */
    public static String greeting(String name) {
        return "Hello " + name;
    }

    public static ServerServiceDefinition service() {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(SAY_HELLO, ServerCalls.asyncUnaryCall((request, reply) -> {
                    reply.onNext(HelloReply.newBuilder().setMessage(greeting(request.getName())).build());
                    reply.onCompleted();
                }))
                .build();
    }

    /** A plaintext (h2c) Greeter server on 127.0.0.1:{@code port} (0: any free port, see {@link Server#getPort()}). */
    public static Server startServer(int port) throws IOException {
        return start(port, InsecureServerCredentials.create());
    }

    /** A TLS Greeter server with the given PEM certificate chain and PKCS#8 key. */
    public static Server startServer(int port, Path certPem, Path keyPem) throws IOException {
        return start(port, TlsServerCredentials.create(certPem.toFile(), keyPem.toFile()));
    }

    private static Server start(int port, ServerCredentials credentials) throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port), credentials)
                .addService(service())
                .build()
                .start();
    }

    /** One SayHello over plaintext; returns the reply's message. Fails with grpc-java's StatusRuntimeException. */
    public static String sayHello(String host, int port, String name) throws InterruptedException {
        return call(Grpc.newChannelBuilderForAddress(host, port, InsecureChannelCredentials.create()), name);
    }

    /** One SayHello over TLS, trusting {@code caPem} and expecting a certificate for {@code authority}. */
    public static String sayHello(String host, int port, String name, Path caPem, String authority)
            throws IOException, InterruptedException {
        ChannelCredentials tls = TlsChannelCredentials.newBuilder().trustManager(caPem.toFile()).build();
        return call(Grpc.newChannelBuilderForAddress(host, port, tls).overrideAuthority(authority), name);
    }

    private static String call(ManagedChannelBuilder<?> builder, String name) throws InterruptedException {
        ManagedChannel channel = builder.build();
        try {
            return ClientCalls.blockingUnaryCall(channel, SAY_HELLO,
                            io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                            HelloRequest.newBuilder().setName(name).build())
                    .getMessage();
        } finally {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
