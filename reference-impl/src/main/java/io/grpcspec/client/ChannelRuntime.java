package io.grpcspec.client;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.channel.BalancerAction;
import io.grpcspec.spec.channel.BalancerEvent;
import io.grpcspec.spec.channel.ConnectivityState;
import io.grpcspec.spec.channel.PickResult;
import io.grpcspec.spec.channel.Picker;
import io.grpcspec.spec.channel.Resolution;
import io.grpcspec.spec.channel.ResolverAction;
import io.grpcspec.spec.channel.ResolverEvent;
import io.grpcspec.spec.channel.ResolverState;
import io.grpcspec.spec.channel.SubchannelAction;
import io.grpcspec.spec.channel.SubchannelEvent;
import io.grpcspec.spec.channel.SubchannelMachine;
import io.grpcspec.spec.channel.SubchannelState;
import io.grpcspec.spec.keepalive.PingerConfig;
import io.grpcspec.transport.SerialExecutor;
import io.grpcspec.wire.GoAwayFrame;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The channel's moving parts around the pure machines of {@code spec.channel}: it feeds the
 * resolution machine ({@link Resolution}, which decides when to resolve, paces re-resolution,
 * backs off after failures and says what a result means: CH-19..CH-21), the balancer
 * ({@link io.grpcspec.spec.channel.PickFirst} or {@link io.grpcspec.spec.channel.RoundRobin})
 * and one {@link SubchannelMachine} per address, and performs their actions (exhaustive
 * switches over {@code ResolverAction}, {@code BalancerAction} and {@code SubchannelAction})
 * with a real resolver, real timers and real connections. A new address list restarts the
 * balancer over fresh subchannels (the balancers take their list at start). Wiring as in
 * ChannelSimulationTest: subchannel state changes are queued for the balancer and delivered
 * after the subchannel step; a subchannel the balancer shut down reports nothing more.
 * Transport events go to the subchannel machine as they happened, tagged with their attempt:
 * this class never looks at a subchannel's state to decide what an event means (CH-4, CH-5,
 * CH-10). Picking answers with a {@link Pick} outcome, and the call machine decides the status.
 *
 * <p>All machine state lives on one {@link SerialExecutor} running tasks on the calling thread:
 * timer fires, transport events and resolver results all enter through it, so each machine sees
 * one event at a time. Calls read
 * only the published picker and the READY transports (concurrent structures), and wait on a
 * monitor for the next publication.
 */
final class ChannelRuntime {

    private final Target target;
    private final Resolver resolver;
    private final String authority;
    private final DialOptions options;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService connector;
    private final SubchannelMachine machine;
    private final Resolution resolution;
    private final BalancerPolicy policy;
    private final Consumer<String> log;
    private final SerialExecutor sync;

    // ---- published for calls
    private final AtomicReference<Picker> picker = new AtomicReference<>(new Picker.Wait(false));
    private volatile ConnectivityState state = ConnectivityState.CONNECTING;
    private volatile String lastFailure = "";
    private final Map<Integer, ClientTransport> ready = new ConcurrentHashMap<>();
    /**
     * The keepalive settings of the next connection: the dial option's, doubled each time a
     * server says "too_many_pings" (KA-8, gRFC A8). Kept for the channel's life, as grpc-go
     * and grpc-java do: a reconnect must not start over at the rate the server refused.
     */
    private volatile PingerConfig keepalive;
    /** Every transport not yet closed, for {@link #shutdownNow}. */
    private final java.util.Set<ClientTransport> live = ConcurrentHashMap.newKeySet();
    private final Object published = new Object();
    private long version; // guarded by published

    // ---- sync context only
    /** The resolution machine: when to resolve, and the address list in use (CH-19..CH-21). */
    private ResolverState<SocketAddress> resolving = ResolverState.initial();
    private ScheduledFuture<?> resolveTimer;
    private Object balancer;
    private final Map<Integer, Sub> subs = new HashMap<>();
    private final Deque<BalancerEvent> toBalancer = new ArrayDeque<>();
    private boolean shutdown;

    /**
     * One subchannel: its machine state, the transport objects of its attempts (so the machine's
     * actions, which name attempts, can be performed), the one it published for picks, and the
     * handles of its armed timers.
     */
    private static final class Sub {
        final int index;
        final SocketAddress address;
        SubchannelState st = SubchannelState.initial();
        final Map<Integer, ClientTransport> transports = new HashMap<>();
        ClientTransport published;
        final Map<TimerKey, ScheduledFuture<?>> timers = new HashMap<>();

        Sub(int index, SocketAddress address) {
            this.index = index;
            this.address = address;
        }
    }

    private record TimerKey(Timer timer, int key) {}

    ChannelRuntime(Target target, Resolver resolver, String authority, DialOptions options,
                   ScheduledExecutorService scheduler, ExecutorService connector, Consumer<String> log) {
        this.target = target;
        this.resolver = resolver;
        this.authority = authority;
        this.options = options;
        this.keepalive = options.keepalive();
        this.scheduler = scheduler;
        this.connector = connector;
        this.machine = new SubchannelMachine(options.backoff());
        this.resolution = new Resolution(options.backoff(), Resolution.MIN_INTERVAL_NANOS);
        this.policy = BalancerPolicy.named(options.balancer());
        this.log = log;
        this.sync = SerialExecutor.onCallingThread(e -> log.accept("channel task failed: " + e));
    }

    /** Resolves the target (off the caller's thread) and starts the balancer on the result. */
    void start() {
        sync.execute(() -> toResolution(new ResolverEvent.Start<>(System.nanoTime())));
    }

    ConnectivityState state() {
        return state;
    }

    /** Why the last connection attempt or connection failed ("" before any failure). */
    String lastFailure() {
        return lastFailure;
    }

    // ---------------------------------------------------------------- picking (any thread)

    /** The outcome of picking a transport for a call; the call machine decides what each means for the call. */
    sealed interface Pick {
        /** Use this READY transport. */
        record Ready(ClientTransport transport) implements Pick {}

        /** The balancer's picker fails the call (wait-for-ready.md: fail fast), or the channel is shut down. */
        record Failed(String cause) implements Pick {}

        /** The call's deadline passed while it waited for a transport. */
        record TimedOut(String detail) implements Pick {}
    }

    /**
     * A READY transport for one call, by the balancer's picker, never {@code avoid} (may be null):
     * a transparent retry must not land on the transport that just took no stream, even if the
     * balancer has not yet heard that it is going away. Waits (until {@code deadlineNanoTime},
     * {@code Long.MAX_VALUE} for none) while the picker queues.
     */
    Pick pick(boolean waitForReady, long deadlineNanoTime, ClientTransport avoid) throws InterruptedException {
        while (true) {
            long seen;
            synchronized (published) {
                seen = version;
            }
            if (shutdown) return new Pick.Failed("channel is shut down");
            Picker p = picker.get();
            Picker.Picked r = p.pick(waitForReady);
            if (r.next() != p && !picker.compareAndSet(p, r.next())) continue; // another call rotated it first
            switch (r.result()) {
                case PickResult.Use(int subchannel) -> {
                    ClientTransport t = ready.get(subchannel);
                    if (t != null && t != avoid) return new Pick.Ready(t);
                    // The subchannel left READY and the new picker is on its way.
                }
                case PickResult.Fail(String cause) -> {
                    return new Pick.Failed(cause);
                }
                case PickResult.Queue(boolean exitIdle) -> {
                    if (exitIdle) sync.execute(() -> toBalancer(new BalancerEvent.ExitIdle()));
                }
            }
            if (!awaitNewPicker(seen, deadlineNanoTime)) {
                return new Pick.TimedOut("deadline exceeded while waiting for a connection (" + state + ")");
            }
        }
    }

    /** Waits until READY (true) or the timeout, failing early in TRANSIENT_FAILURE only at the timeout. */
    boolean awaitReady(long timeoutNanos) throws InterruptedException {
        long end = System.nanoTime() + timeoutNanos;
        while (true) {
            long seen;
            synchronized (published) {
                seen = version;
            }
            if (state == ConnectivityState.READY) return true;
            if (shutdown) return false;
            if (state == ConnectivityState.IDLE) sync.execute(() -> toBalancer(new BalancerEvent.ExitIdle()));
            if (!awaitNewPicker(seen, end)) return false;
        }
    }

    /** Waits for the next publication; false when {@code deadlineNanoTime} passes first. */
    private boolean awaitNewPicker(long seen, long deadlineNanoTime) throws InterruptedException {
        synchronized (published) {
            while (version == seen && !shutdown) {
                long left = deadlineNanoTime == Long.MAX_VALUE ? TimeUnit.SECONDS.toNanos(1) : deadlineNanoTime - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(published, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
        }
        return true;
    }

    private void publish(ConnectivityState s, Picker p) {
        state = s;
        picker.set(p);
        bump();
    }

    private void bump() {
        synchronized (published) {
            version++;
            published.notifyAll();
        }
    }

    // ---------------------------------------------------------------- shutdown

    void shutdown() {
        sync.execute(() -> {
            if (shutdown) return;
            shutdown = true;
            toResolution(new ResolverEvent.Shutdown<>());
            for (Sub s : new ArrayList<>(subs.values())) toSubchannel(s, new SubchannelEvent.Shutdown());
            subs.clear();
            toBalancer.clear();
            ready.clear();
            publish(ConnectivityState.SHUTDOWN, new Picker.Fail("channel is shut down"));
        });
    }

    /** After {@link #shutdown}: closes every remaining connection at once, open streams or not. */
    void shutdownNow() {
        shutdown();
        for (ClientTransport t : live) t.shutdown(false);
    }

    // ---------------------------------------------------------------- resolution

    /**
     * Steps the resolution machine and performs its actions: it alone decides when to resolve
     * (CH-19, CH-20) and what a result means for the channel (CH-21).
     */
    private void toResolution(ResolverEvent<SocketAddress> e) {
        Step<ResolverState<SocketAddress>> st = resolution.step(resolving, e);
        resolving = st.state();
        for (Action a : st.actions()) {
            @SuppressWarnings("unchecked")
            ResolverAction<SocketAddress> ra = (ResolverAction<SocketAddress>) a;
            switch (ra) {
                case ResolverAction.StartResolution<SocketAddress> r -> resolveAsync();
                case ResolverAction.ArmTimer<SocketAddress>(long delayNanos) -> armResolveTimer(delayNanos);
                case ResolverAction.CancelTimer<SocketAddress> c -> {
                    if (resolveTimer != null) resolveTimer.cancel(false);
                    resolveTimer = null;
                }
                case ResolverAction.UseAddresses<SocketAddress>(List<SocketAddress> got) -> useAddresses(got);
                case ResolverAction.FailChannel<SocketAddress>(String reason) -> publish(ConnectivityState.TRANSIENT_FAILURE, new Picker.Fail(reason));
            }
        }
    }

    /** Runs the resolver off the context; the result goes back to the machine. */
    private void resolveAsync() {
        try {
            connector.execute(() -> {
                Resolver.Result r;
                try {
                    r = resolver.resolve(target);
                } catch (RuntimeException e) {
                    r = new Resolver.Failed("resolver for " + target.scheme() + " failed: " + e);
                }
                Resolver.Result result = r;
                sync.execute(() -> resolved(result));
            });
        } catch (RejectedExecutionException e) {
            log.accept("resolution not started: executor stopped");
        }
    }

    private void resolved(Resolver.Result r) {
        long now = System.nanoTime();
        switch (r) {
            case Resolver.Failed(String reason) -> {
                if (!shutdown) {
                    log.accept("resolution failed: " + reason);
                    lastFailure = "resolution failed: " + reason;
                }
                toResolution(new ResolverEvent.ResolveFailed<>(reason, ThreadLocalRandom.current().nextDouble(-1, 1), now));
            }
            case Resolver.Addresses(List<SocketAddress> got) -> toResolution(new ResolverEvent.Resolved<>(got, now));
        }
    }

    /** A new address list (CH-21): the old subchannels go, a fresh balancer starts over the new ones. */
    private void useAddresses(List<SocketAddress> got) {
        log.accept("resolved " + target + " to " + got);
        for (Sub s : new ArrayList<>(subs.values())) toSubchannel(s, new SubchannelEvent.Shutdown());
        subs.clear();
        toBalancer.clear();
        ready.clear();
        Step<?> st = policy.start(got.size());
        balancer = st.state();
        performBalancer(st.actions());
        flush();
    }

    private void armResolveTimer(long delayNanos) {
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        Runnable fire = () -> sync.execute(() -> {
            if (resolveTimer != self[0]) return; // cancelled or re-armed meanwhile
            resolveTimer = null;
            toResolution(new ResolverEvent.TimerFired<>(System.nanoTime()));
        });
        try {
            self[0] = scheduler.schedule(fire, delayNanos, TimeUnit.NANOSECONDS);
            resolveTimer = self[0];
        } catch (RejectedExecutionException e) {
            log.accept("resolution timer not armed: scheduler stopped");
        }
    }

    // ---------------------------------------------------------------- balancer

    private void toBalancer(BalancerEvent e) {
        if (balancer == null || shutdown) return;
        toBalancer.add(e);
        flush();
    }

    /** Delivers queued balancer events (and those they cause), one at a time. */
    private void flush() {
        while (!toBalancer.isEmpty() && balancer != null) {
            BalancerEvent e = toBalancer.poll();
            Step<?> st = policy.step(balancer, e);
            if (st.isViolation()) {
                log.accept(policy.name() + " refused " + e + ": " + st.violation());
                continue;
            }
            balancer = st.state();
            performBalancer(st.actions());
        }
    }

    private void performBalancer(List<Action> actions) {
        for (Action a : actions) {
            switch ((BalancerAction) a) {
                case BalancerAction.RequestConnection(int index) -> {
                    Sub s = subs.get(index);
                    if (s == null || s.st.state() == ConnectivityState.SHUTDOWN) {
                        s = new Sub(index, resolving.addresses().get(index));
                        subs.put(index, s);
                    }
                    toSubchannel(s, new SubchannelEvent.Connect(ThreadLocalRandom.current().nextDouble(-1, 1)));
                }
                case BalancerAction.ShutdownSubchannel(int index) -> {
                    Sub s = subs.remove(index);
                    if (s != null) toSubchannel(s, new SubchannelEvent.Shutdown());
                    // A shut-down subchannel reports nothing more.
                    toBalancer.removeIf(e -> e instanceof BalancerEvent.SubchannelUpdate u && u.subchannel() == index);
                }
                case BalancerAction.UpdateState(ConnectivityState st, Picker picked) -> {
                    log.accept("channel " + st + " (" + picked + ")");
                    Picker p = picked;
                    // grpc-go and grpc-java start each round_robin picker at a random position.
                    if (p instanceof Picker.RoundRobin rr) p = rr.startingAt(ThreadLocalRandom.current().nextDouble());
                    publish(st, p);
                }
                case BalancerAction.RequestReresolution() -> toResolution(new ResolverEvent.ReresolveRequested<>(System.nanoTime()));
            }
        }
    }

    // ---------------------------------------------------------------- subchannels

    /**
     * Steps {@code s}'s machine and performs its actions. Every transport event goes to the machine
     * of the subchannel that started the attempt, whatever has happened since: the machine says
     * whether it still concerns the subchannel (CH-10) and what it means (CH-4, CH-5).
     */
    private void toSubchannel(Sub s, SubchannelEvent e) {
        Step<SubchannelState> st = machine.step(s.st, e);
        if (st.isViolation()) {
            log.accept("subchannel " + s.index + " refused " + e + ": " + st.violation());
            return;
        }
        s.st = st.state();
        for (Action a : st.actions()) {
            switch ((SubchannelAction) a) {
                case SubchannelAction.ArmTimer t -> arm(s, t);
                case SubchannelAction.CancelTimer(Timer timer, int attempt) -> {
                    ScheduledFuture<?> f = s.timers.remove(new TimerKey(timer, attempt));
                    if (f != null) f.cancel(false);
                }
                case SubchannelAction.StartConnect(int attempt, long timeoutNanos) -> connect(s, attempt, timeoutNanos);
                case SubchannelAction.CloseTransport(int attempt, String reason) -> {
                    // Not dialled yet: the machine says so again when the dialer hands it over.
                    ClientTransport t = s.transports.remove(attempt);
                    if (t != null) {
                        ready.remove(s.index, t);
                        t.shutdown(true);
                    }
                }
                case SubchannelAction.StateChanged c -> stateChanged(s, c);
                case SubchannelAction.Ignored(String reason) -> log.accept("subchannel " + s.index + " " + s.address + ": " + reason);
            }
        }
    }

    /** Publishes the subchannel's transport for picks while it is READY, and tells the balancer. */
    private void stateChanged(Sub s, SubchannelAction.StateChanged c) {
        if (s.published != null) ready.remove(s.index, s.published);
        s.published = null;
        if (c.to() == ConnectivityState.READY) {
            s.published = s.transports.get(s.st.attempt());
            if (s.published != null) ready.put(s.index, s.published);
        }
        if (!c.cause().isEmpty()) lastFailure = "subchannel " + s.index + " " + s.address + ": " + c.cause();
        log.accept("subchannel " + s.index + " " + s.address + ": " + c.from() + " -> " + c.to()
                + (c.cause().isEmpty() ? "" : " (" + c.cause() + ")"));
        // Wiring as in ChannelSimulationTest: a subchannel the balancer has let go reports nothing more.
        if (subs.get(s.index) == s) toBalancer.add(new BalancerEvent.SubchannelUpdate(s.index, c.to(), c.cause()));
    }

    private void arm(Sub s, SubchannelAction.ArmTimer t) {
        TimerKey key = new TimerKey(t.timer(), t.attempt());
        ScheduledFuture<?> old = s.timers.remove(key);
        if (old != null) old.cancel(false);
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        Runnable fire = () -> sync.execute(() -> {
            if (s.timers.get(key) != self[0]) return; // this timer handle was cancelled or re-armed meanwhile
            s.timers.remove(key);
            toSubchannel(s, new SubchannelEvent.TimerFired(t.timer(), t.attempt()));
            flush();
        });
        try {
            // We are on the sync context: the fire task cannot look at the map before self[0] is set.
            self[0] = scheduler.schedule(fire, t.delayNanos(), TimeUnit.NANOSECONDS);
            s.timers.put(key, self[0]);
        } catch (RejectedExecutionException e) {
            log.accept("timer not armed: scheduler stopped");
        }
    }

    /**
     * Dials the attempt off the sync context. What the transport then does — created, ready,
     * GOAWAY, closed, or the dial failing — goes to the subchannel's machine as it is, tagged with
     * the attempt; the machine decides what it means.
     */
    private void connect(Sub s, int attempt, long timeoutNanos) {
        ClientTransport.Listener listener = new ClientTransport.Listener() {
            @Override
            public void onReady(ClientTransport t) {
                sync.execute(() -> {
                    s.transports.put(attempt, t);
                    toSubchannel(s, new SubchannelEvent.TransportReady(attempt));
                    flush();
                });
            }

            @Override
            public void onGoAway(ClientTransport t, GoAwayFrame goAway, String why) {
                sync.execute(() -> {
                    // Whichever subchannel it was: the server judged the channel's ping rate.
                    PingerConfig before = keepalive;
                    keepalive = before.after(goAway);
                    if (keepalive != before) log.accept("keepalive time " + before.timeNanos() + " ns -> " + keepalive.timeNanos()
                            + " ns for new connections (server said too_many_pings)");
                    toSubchannel(s, new SubchannelEvent.GoAwayReceived(attempt, why));
                    flush();
                });
            }

            @Override
            public void onClosed(ClientTransport t, String why) {
                live.remove(t);
                sync.execute(() -> {
                    s.transports.remove(attempt, t);
                    toSubchannel(s, new SubchannelEvent.TransportClosed(attempt, why));
                    flush();
                });
            }
        };
        SocketAddress address = s.address;
        DialOptions dialled = keepalive.equals(options.keepalive()) ? options : DialOptions.withKeepalive(keepalive).apply(options);
        try {
            connector.execute(() -> {
                ClientTransport t;
                try {
                    t = options.transports().connect(address, authority, dialled, timeoutNanos, scheduler, listener);
                } catch (IOException | RuntimeException | LinkageError e) {
                    String why = "connect to " + address + " failed: " + e;
                    sync.execute(() -> {
                        toSubchannel(s, new SubchannelEvent.TransportClosed(attempt, why));
                        flush();
                    });
                    return;
                }
                live.add(t);
                sync.execute(() -> {
                    s.transports.putIfAbsent(attempt, t);
                    toSubchannel(s, new SubchannelEvent.TransportCreated(attempt));
                    flush();
                });
            });
        } catch (RejectedExecutionException e) {
            toSubchannel(s, new SubchannelEvent.TransportClosed(attempt, "channel executor stopped"));
        }
    }

    /** The keepalive settings the next connection gets (KA-8). */
    PingerConfig keepalive() {
        return keepalive;
    }

    /** For messages and tests: the subchannel states by index. */
    Map<Integer, ConnectivityState> subchannelStates() {
        AtomicReference<Map<Integer, ConnectivityState>> out = new AtomicReference<>(Map.of());
        if (sync.inContext()) {
            Map<Integer, ConnectivityState> m = new HashMap<>();
            subs.forEach((i, s) -> m.put(i, s.st.state()));
            return Map.copyOf(m);
        }
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        sync.execute(() -> {
            Map<Integer, ConnectivityState> m = new HashMap<>();
            subs.forEach((i, s) -> m.put(i, s.st.state()));
            out.set(Map.copyOf(m));
            done.countDown();
        });
        try {
            if (!done.await(5, TimeUnit.SECONDS)) return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
        return out.get();
    }
}
