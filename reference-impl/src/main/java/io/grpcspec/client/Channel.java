package io.grpcspec.client;

import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.spec.channel.ConnectivityState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A client channel (grpc-go's {@code ClientConn}): a target, its resolver and balancer, the
 * subchannels' connections, and the calls made over them. Made by {@link Grpc#dial}. Threads are
 * bounded: two scheduler threads (timers: reconnect backoff, connect timeout, deadlines,
 * keepalive) and at most four connect/resolve threads, all daemons; the connections add a
 * reader thread each, and a writer thread each while it has something to write.
 */
public final class Channel implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Target target;
    private final String authority;
    private final DialOptions options;
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor connector;
    private final ChannelRuntime runtime;
    private final Consumer<String> log;

    Channel(Target target, Resolver resolver, String authority, DialOptions options) {
        this.target = target;
        this.authority = authority;
        this.options = options;
        String name = "grpcspec-channel-" + IDS.incrementAndGet();
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(2, daemons(name + "-timer"));
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
        this.connector = new ThreadPoolExecutor(4, 4, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons(name + "-connect"));
        this.connector.allowCoreThreadTimeOut(true);
        this.log = line -> options.trace().note(line);
        this.runtime = new ChannelRuntime(target, resolver, authority, options, scheduler, connector, log);
    }

    /** A new call of {@code method}, through the dial options' interceptors (first one outermost). */
    public <Req, Resp> Call<Req, Resp> newCall(MethodDescriptor<Req, Resp> method, CallOptions callOptions) {
        return chain(0).newCall(method, callOptions);
    }

    private ClientInterceptor.Invoker chain(int from) {
        List<ClientInterceptor> all = options.interceptors();
        if (from == all.size()) {
            return new ClientInterceptor.Invoker() {
                @Override
                public <Q, P> Call<Q, P> newCall(MethodDescriptor<Q, P> m, CallOptions o) {
                    return new StreamCall<>(Channel.this, m, o);
                }
            };
        }
        ClientInterceptor here = all.get(from);
        ClientInterceptor.Invoker next = chain(from + 1);
        return new ClientInterceptor.Invoker() {
            @Override
            public <Q, P> Call<Q, P> newCall(MethodDescriptor<Q, P> m, CallOptions o) {
                return here.interceptCall(m, o, next);
            }
        };
    }

    public Target target() {
        return target;
    }

    /** The {@code :authority} calls carry. */
    public String authority() {
        return authority;
    }

    public DialOptions options() {
        return options;
    }

    /** The balancer's published connectivity state. */
    public ConnectivityState state() {
        return runtime.state();
    }

    /** Waits up to {@code timeout} for READY. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return runtime.awaitReady(timeout.toNanos());
    }

    /** The subchannels' states by address index (a snapshot, for tests and diagnostics). */
    public Map<Integer, ConnectivityState> subchannelStates() {
        return runtime.subchannelStates();
    }

    /** Closes every connection (GOAWAY first) and fails new calls UNAVAILABLE. */
    public void shutdown() {
        runtime.shutdown();
    }

    /**
     * Closes every connection now (calls still open end UNAVAILABLE) and stops the channel's
     * threads, waiting up to 5 s for connect attempts in flight. For a graceful end, finish the
     * calls first or use {@link #shutdown}.
     */
    @Override
    public void close() {
        runtime.shutdownNow();
        connector.shutdown();
        try {
            connector.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A connect that finished meanwhile is closed too.
        runtime.shutdownNow();
        scheduler.shutdown();
    }

    void start() {
        runtime.start();
    }

    ChannelRuntime runtime() {
        return runtime;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ExecutorService connector() {
        return connector;
    }

    void log(String line) {
        log.accept(line);
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String toString() {
        return "Channel(" + target + ", " + options.balancer() + ", " + state() + ")";
    }
}
