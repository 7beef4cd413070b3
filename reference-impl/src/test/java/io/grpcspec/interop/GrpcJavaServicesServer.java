package io.grpcspec.interop;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.testing.integration.TestServiceImpl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A grpc-java server as a peer of our CLI: grpc-java's own interop {@code TestServiceImpl} (with
 * its metadata-echo interceptors), grpc-services' server reflection (v1 and v1alpha) and health
 * ({@code HealthStatusManager}, whole server SERVING), in the test JVM, plaintext on 127.0.0.1.
 * Its descriptors are grpc-java's copies of the grpc.testing protos, not ours.
 */
public final class GrpcJavaServicesServer implements AutoCloseable {
    private final Server server;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final HealthStatusManager health = new HealthStatusManager();

    /** Which reflection services the server has. */
    public enum Reflection { NONE, V1ALPHA_ONLY, BOTH }

    public GrpcJavaServicesServer(Reflection reflection) throws IOException {
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
                .addService(ServerInterceptors.intercept(new TestServiceImpl(executor), TestServiceImpl.interceptors()))
                .addService(health.getHealthService());
        if (reflection == Reflection.BOTH) b.addService(ProtoReflectionServiceV1.newInstance());
        if (reflection != Reflection.NONE) {
            @SuppressWarnings("deprecation")
            io.grpc.BindableService v1alpha = ProtoReflectionService.newInstance();
            b.addService(v1alpha);
        }
        server = b.build().start();
    }

    public int port() {
        return server.getPort();
    }

    public String target() {
        return "127.0.0.1:" + port();
    }

    public HealthStatusManager health() {
        return health;
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        executor.shutdownNow();
    }
}
