package io.grpcspec.stress.soak;

import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.ServerMethods;
import io.grpcspec.rpc.StreamObserver;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.server.ServerInterceptor;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our server under the soak: grpc.testing.TestService, its own keepalive pings, a ping policy
 * that lets the soak's clients ping every second, reset budgets above the soak's cancel rate,
 * and a maximum connection age, so connections are retired (graceful GOAWAY) while calls run. It can be restarted gracefully on the same
 * port. An interceptor counts the calls it served and the messages it received and sent, for
 * every client alike (grpc-java's stress client included); its connections' violations and
 * the streams they left open are counted by {@link #watch}.
 */
final class SoakServer {
    /** RST_STREAM frames per 30 s either way before the server calls a connection a reset flood. */
    static final int RESET_BUDGET = 50_000;
    final WireWatch watch = new WireWatch("server");
    final AtomicLong calls = new AtomicLong();
    final AtomicLong messages = new AtomicLong();
    /** Connections accepted, over every incarnation of the server. */
    final AtomicLong connections = new AtomicLong();
    private final Duration maxAge;
    private volatile Server server;
    private int port;

    SoakServer(Duration maxAge) {
        this.maxAge = maxAge;
    }

    SoakServer start() throws IOException {
        server = build(0);
        port = server.port();
        return this;
    }

    int port() {
        return port;
    }

    /**
     * Graceful stop (GOAWAY, calls finish within {@code grace}), then a new server on the same
     * port; returns how long the stop took, or -1 when calls were still open after the grace.
     */
    long restart(Duration grace) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        boolean clean = server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        server = build(port);
        return clean ? took : -1;
    }

    boolean stop(Duration grace) throws InterruptedException {
        boolean clean = server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
        return server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS) && clean;
    }

    private Server build(int onPort) throws IOException {
        return ServerBuilder.forPort(onPort).host("127.0.0.1")
                .addService(InteropTestService.definition())
                .intercept(this::count)
                .keepaliveParams(Duration.ofSeconds(1), Duration.ofSeconds(10))
                .keepaliveEnforcementPolicy(Duration.ofMillis(500), true)
                .connectionLimits(null, maxAge, Duration.ofSeconds(30))
                // The soak's clients cancel or outlive a deadline on several calls a second per
                // connection, by design; the default budgets (200 per 30 s, LIM-1/LIM-2) would end
                // busy connections for it. A budget stays, far above that rate: the soak is load, not a flood.
                .maxRstFramesPerWindow(RESET_BUDGET, Duration.ofSeconds(30))
                .maxSentRstFramesPerWindow(RESET_BUDGET, Duration.ofSeconds(30))
                .trace(name -> {
                    connections.incrementAndGet();
                    return watch.trace(name);
                })
                .build().start();
    }

    private <Req, Resp> ServerMethods.Handler<Req, Resp> count(MethodDescriptor<Req, Resp> method, ServerMethods.Handler<Req, Resp> next) {
        return switch (next) {
            case ServerMethods.Unary<Req, Resp> h -> (ServerMethods.Unary<Req, Resp>) (req, ctx) -> {
                calls.incrementAndGet();
                messages.incrementAndGet();
                Resp resp = h.invoke(req, ctx);
                messages.incrementAndGet();
                return resp;
            };
            case ServerMethods.ServerStreaming<Req, Resp> h -> (ServerMethods.ServerStreaming<Req, Resp>) (req, out, ctx) -> {
                calls.incrementAndGet();
                messages.incrementAndGet();
                h.invoke(req, counted(out), ctx);
            };
            case ServerMethods.ClientStreaming<Req, Resp> h -> (ServerMethods.ClientStreaming<Req, Resp>) (out, ctx) -> {
                calls.incrementAndGet();
                return counted(h.invoke(counted(out), ctx));
            };
            case ServerMethods.BidiStreaming<Req, Resp> h -> (ServerMethods.BidiStreaming<Req, Resp>) (out, ctx) -> {
                calls.incrementAndGet();
                return counted(h.invoke(counted(out), ctx));
            };
        };
    }

    private <T> StreamObserver<T> counted(StreamObserver<T> inner) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                messages.incrementAndGet();
                inner.onNext(value);
            }

            @Override
            public void onError(Throwable error) {
                inner.onError(error);
            }

            @Override
            public void onCompleted() {
                inner.onCompleted();
            }
        };
    }

}
