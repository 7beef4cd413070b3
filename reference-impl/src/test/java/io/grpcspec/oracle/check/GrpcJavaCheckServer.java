package io.grpcspec.oracle.check;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.testing.integration.TestServiceImpl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * grpc-java's server as the test peer {@code check} is pointed at: Netty, grpc-java's own interop
 * {@code TestServiceImpl} with its interceptors, plaintext on 127.0.0.1, grpc-java's defaults
 * except MAX_CONCURRENT_STREAMS, set to 100 (grpc-java announces 2^31-1 unless told, and the
 * concurrency scenario needs a limit it can reach; 100 is also our server's default).
 */
final class GrpcJavaCheckServer implements AutoCloseable {
    private final Server server;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    GrpcJavaCheckServer() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
                .maxConcurrentCallsPerConnection(100)
                .addService(ServerInterceptors.intercept(new TestServiceImpl(executor), TestServiceImpl.interceptors()))
                .build().start();
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        executor.shutdownNow();
    }
}
