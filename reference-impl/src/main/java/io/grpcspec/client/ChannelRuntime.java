package io.grpcspec.client;

import io.grpcspec.rpc.StatusException;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions.ArmTimer;
import io.grpcspec.spec.Actions.CancelTimer;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.channel.BalancerAction;
import io.grpcspec.spec.channel.BalancerEvent;
import io.grpcspec.spec.channel.ConnectivityState;
import io.grpcspec.spec.channel.PickResult;
import io.grpcspec.spec.channel.Picker;
import io.grpcspec.spec.channel.SubchannelAction;
import io.grpcspec.spec.channel.SubchannelEvent;
import io.grpcspec.spec.channel.SubchannelMachine;
import io.grpcspec.spec.channel.SubchannelState;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.spec.keepalive.PingerConfig;
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
 * The channel's moving parts around the pure machines of {@code spec.channel}: it resolves the
 * target, feeds the balancer ({@link io.grpcspec.spec.channel.PickFirst} or
 * {@link io.grpcspec.spec.channel.RoundRobin}) and one {@link SubchannelMachine} per address,
 * and performs their actions with real timers and real connections. Wiring as in
 * ChannelSimulationTest: subchannel state changes are queued for the balancer and delivered
 * after the subchannel step; a subchannel the balancer shut down reports nothing more.
 *
 * <p>All machine state lives on one {@link SyncContext}: timer fires, transport events and
 * resolver results all enter through it, so each machine sees one event at a time. Calls read
 * only the published picker and the READY transports (concurrent structures), and wait on a
 * monitor for the next publication.
 */
final class ChannelRuntime {

    /** How long re-resolutions are spaced at least (grpc-go's dns resolver waits 30 s; we are a test client). */
    static final long MIN_RERESOLVE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Target target;
    private final Resolver resolver;
    private final String authority;
    private final DialOptions options;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService connector;
    private final SubchannelMachine machine;
    private final BalancerPolicy policy;
    private final Consumer<String> log;
    private final SyncContext sync;

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
    private List<SocketAddress> addresses = List.of();
    private Object balancer;
    private final Map<Integer, Sub> subs = new HashMap<>();
    private final Deque<BalancerEvent> toBalancer = new ArrayDeque<>();
    private boolean shutdown;
    private long lastResolveNanos;
    private boolean resolveScheduled;
    private int resolveFailures;
    private int generation; // bumps when the address list (and so the subchannel set) is replaced

    /** One subchannel: its machine state, its transports by attempt, its armed timers. */
    private final class Sub {
        final int index;
        final int gen;
        final SocketAddress address;
        SubchannelState st = SubchannelState.initial();
        final Map<Integer, ClientTransport> transports = new HashMap<>();
        final Map<Integer, Boolean> abandoned = new HashMap<>();
        final Map<TimerKey, ScheduledFuture<?>> timers = new HashMap<>();

        Sub(int index, int gen, SocketAddress address) {
            this.index = index;
            this.gen = gen;
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
        this.policy = BalancerPolicy.named(options.balancer());
        this.log = log;
        this.sync = new SyncContext(e -> log.accept("channel task failed: " + e));
    }

    /** Resolves the target (off the caller's thread) and starts the balancer on the result. */
    void start() {
        resolveAsync();
    }

    ConnectivityState state() {
        return state;
    }

    /** Why the last connection attempt or connection failed ("" before any failure). */
    String lastFailure() {
        return lastFailure;
    }

    // ---------------------------------------------------------------- picking (any thread)

    /**
     * A READY transport for one call, by the balancer's picker. Waits (until
     * {@code deadlineNanoTime}, {@code Long.MAX_VALUE} for none) while the picker queues.
     *
     * @throws StatusException UNAVAILABLE when the picker fails the call or the channel is shut
     *     down; DEADLINE_EXCEEDED when the deadline passes while waiting
     */
    ClientTransport pick(boolean waitForReady, long deadlineNanoTime) throws StatusException, InterruptedException {
        return pick(waitForReady, deadlineNanoTime, null);
    }

    /**
     * As {@link #pick(boolean, long)}, but never {@code avoid}: a transparent retry must not land
     * on the transport that just refused the stream, even if the balancer has not yet heard
     * that it is going away.
     */
    ClientTransport pick(boolean waitForReady, long deadlineNanoTime, ClientTransport avoid)
            throws StatusException, InterruptedException {
        while (true) {
            long seen;
            synchronized (published) {
                seen = version;
            }
            if (shutdown) throw StatusException.of(StatusCode.UNAVAILABLE, "channel is shut down");
            Picker p = picker.get();
            Picker.Picked r = p.pick(waitForReady);
            if (r.next() != p && !picker.compareAndSet(p, r.next())) continue; // another call rotated it first
            PickResult res = r.result();
            if (res instanceof PickResult.Use u) {
                ClientTransport t = ready.get(u.subchannel());
                if (t != null && t != avoid) return t;
                // The subchannel left READY and the new picker is on its way.
            } else if (res instanceof PickResult.Fail f) {
                throw StatusException.of(StatusCode.UNAVAILABLE, f.cause());
            } else if (((PickResult.Queue) res).exitIdle()) {
                sync.execute(() -> toBalancer(new BalancerEvent.ExitIdle()));
            }
            awaitNewPicker(seen, deadlineNanoTime);
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
            try {
                awaitNewPicker(seen, end);
            } catch (StatusException timeout) {
                return false;
            }
        }
    }

    private void awaitNewPicker(long seen, long deadlineNanoTime) throws StatusException, InterruptedException {
        synchronized (published) {
            while (version == seen && !shutdown) {
                long left = deadlineNanoTime == Long.MAX_VALUE ? TimeUnit.SECONDS.toNanos(1) : deadlineNanoTime - System.nanoTime();
                if (left <= 0) throw StatusException.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded while waiting for a connection ("
                        + state + ")");
                TimeUnit.NANOSECONDS.timedWait(published, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
        }
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

    private void resolveAsync() {
        lastResolveNanos = System.nanoTime();
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
        if (shutdown) return;
        if (r instanceof Resolver.Failed f) {
            log.accept("resolution failed: " + f.reason());
            lastFailure = "resolution failed: " + f.reason();
            // Keep a working address list; without one, fail calls until a later resolution works.
            if (balancer == null) publish(ConnectivityState.TRANSIENT_FAILURE, new Picker.Fail(f.reason()));
            long delay = options.backoff().delayNanos(Math.min(resolveFailures++, 30), ThreadLocalRandom.current().nextDouble(-1, 1));
            scheduleResolve(delay);
            return;
        }
        resolveFailures = 0;
        List<SocketAddress> got = ((Resolver.Addresses) r).addresses();
        if (balancer != null && got.equals(addresses)) return;
        log.accept("resolved " + target + " to " + got);
        // A new list: the old subchannels go, a fresh balancer starts over the new ones.
        for (Sub s : new ArrayList<>(subs.values())) toSubchannel(s, new SubchannelEvent.Shutdown());
        subs.clear();
        toBalancer.clear();
        ready.clear();
        generation++;
        addresses = got;
        Step<?> st = policy.start(got.size());
        balancer = st.state();
        performBalancer(st.actions());
        flush();
    }

    private void requestReresolution() {
        if (resolveScheduled || shutdown) return;
        long wait = lastResolveNanos + MIN_RERESOLVE_NANOS - System.nanoTime();
        scheduleResolve(Math.max(0, wait));
    }

    private void scheduleResolve(long delayNanos) {
        if (resolveScheduled) return;
        resolveScheduled = true;
        try {
            scheduler.schedule(() -> sync.execute(() -> {
                resolveScheduled = false;
                if (!shutdown) resolveAsync();
            }), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            resolveScheduled = false;
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
            if (a instanceof BalancerAction.RequestConnection r) {
                Sub s = subs.get(r.subchannel());
                if (s == null || s.st.state() == ConnectivityState.SHUTDOWN) {
                    s = new Sub(r.subchannel(), generation, addresses.get(r.subchannel()));
                    subs.put(r.subchannel(), s);
                }
                toSubchannel(s, new SubchannelEvent.Connect(ThreadLocalRandom.current().nextDouble(-1, 1)));
            } else if (a instanceof BalancerAction.ShutdownSubchannel d) {
                Sub s = subs.remove(d.subchannel());
                if (s != null) toSubchannel(s, new SubchannelEvent.Shutdown());
                // A shut-down subchannel reports nothing more.
                toBalancer.removeIf(e -> e instanceof BalancerEvent.SubchannelUpdate u && u.subchannel() == d.subchannel());
            } else if (a instanceof BalancerAction.UpdateState u) {
                log.accept("channel " + u.state() + " (" + u.picker() + ")");
                Picker p = u.picker();
                // grpc-go and grpc-java start each round_robin picker at a random position.
                if (p instanceof Picker.RoundRobin rr) p = rr.startingAt(ThreadLocalRandom.current().nextDouble());
                publish(u.state(), p);
            } else if (a instanceof BalancerAction.RequestReresolution) {
                requestReresolution();
            }
        }
    }

    // ---------------------------------------------------------------- subchannels

    private void toSubchannel(Sub s, SubchannelEvent e) {
        Step<SubchannelState> st = machine.step(s.st, e);
        if (st.isViolation()) {
            log.accept("subchannel " + s.index + " refused " + e + ": " + st.violation());
            return;
        }
        s.st = st.state();
        for (Action a : st.actions()) {
            if (a instanceof ArmTimer t) {
                arm(s, t);
            } else if (a instanceof CancelTimer t) {
                ScheduledFuture<?> f = s.timers.remove(new TimerKey(t.timer(), t.key()));
                if (f != null) f.cancel(false);
            } else if (a instanceof SubchannelAction.StartConnect c) {
                connect(s, c.attempt(), c.connectTimeoutNanos());
            } else if (a instanceof SubchannelAction.CloseTransport c) {
                if (ready.get(s.index) == s.transports.get(c.attempt())) ready.remove(s.index);
                ClientTransport t = s.transports.remove(c.attempt());
                if (t != null) t.shutdown(true);
                else s.abandoned.put(c.attempt(), true);
            } else if (a instanceof SubchannelAction.StateChanged c) {
                if (c.to() != ConnectivityState.READY) ready.remove(s.index);
                if (!c.cause().isEmpty()) lastFailure = "subchannel " + s.index + " " + s.address + ": " + c.cause();
                log.accept("subchannel " + s.index + " " + s.address + ": " + c.from() + " -> " + c.to()
                        + (c.cause().isEmpty() ? "" : " (" + c.cause() + ")"));
                if (subs.get(s.index) == s) toBalancer.add(new BalancerEvent.SubchannelUpdate(s.index, c.to(), c.cause()));
            }
        }
    }

    private void arm(Sub s, ArmTimer t) {
        TimerKey key = new TimerKey(t.timer(), t.key());
        ScheduledFuture<?> old = s.timers.remove(key);
        if (old != null) old.cancel(false);
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        Runnable fire = () -> sync.execute(() -> {
            if (s.timers.get(key) != self[0]) return; // cancelled or re-armed meanwhile
            s.timers.remove(key);
            if (subs.get(s.index) != s) return;
            toSubchannel(s, new SubchannelEvent.TimerFired(t.timer(), t.key()));
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

    private void connect(Sub s, int attempt, long timeoutNanos) {
        ClientTransport.Listener listener = new ClientTransport.Listener() {
            @Override
            public void onReady(ClientTransport t) {
                sync.execute(() -> {
                    if (!current(s, attempt)) return;
                    s.transports.put(attempt, t);
                    if (s.st.state() == ConnectivityState.CONNECTING) ready.put(s.index, t);
                    toSubchannel(s, new SubchannelEvent.TransportReady(attempt));
                    flush();
                });
            }

            @Override
            public void onGoAway(ClientTransport t, GoAwayFrame goAway, String why) {
                sync.execute(() -> {
                    // Whether or not this subchannel is still current: the server judged the channel's ping rate.
                    PingerConfig before = keepalive;
                    keepalive = before.after(goAway);
                    if (keepalive != before) log.accept("keepalive time " + before.timeNanos() + " ns -> " + keepalive.timeNanos()
                            + " ns for new connections (server said too_many_pings)");
                    if (!current(s, attempt)) return;
                    ready.remove(s.index, t);
                    boolean connecting = s.st.state() == ConnectivityState.CONNECTING;
                    toSubchannel(s, connecting ? new SubchannelEvent.TransportFailed(attempt, "GOAWAY during the handshake: " + why)
                            : new SubchannelEvent.GoAwayReceived(attempt));
                    flush();
                });
            }

            @Override
            public void onClosed(ClientTransport t, String why) {
                live.remove(t);
                sync.execute(() -> {
                    ready.remove(s.index, t);
                    if (!current(s, attempt)) return;
                    s.transports.remove(attempt, t);
                    boolean connecting = s.st.state() == ConnectivityState.CONNECTING;
                    toSubchannel(s, connecting ? new SubchannelEvent.TransportFailed(attempt, why)
                            : new SubchannelEvent.TransportClosed(attempt, why));
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
                        if (!current(s, attempt)) return;
                        if (s.st.state() == ConnectivityState.CONNECTING && s.st.attempt() == attempt) {
                            toSubchannel(s, new SubchannelEvent.TransportFailed(attempt, why));
                            flush();
                        }
                    });
                    return;
                }
                live.add(t);
                sync.execute(() -> {
                    boolean wanted = current(s, attempt) && s.st.attempt() == attempt && s.st.attached()
                            && !s.abandoned.containsKey(attempt);
                    if (!wanted) {
                        t.shutdown(false);
                        return;
                    }
                    s.transports.putIfAbsent(attempt, t);
                });
            });
        } catch (RejectedExecutionException e) {
            toSubchannel(s, new SubchannelEvent.TransportFailed(attempt, "channel executor stopped"));
        }
    }

    /** Whether {@code s} is still the live subchannel at its index (not replaced or shut down). */
    private boolean current(Sub s, int attempt) {
        return !shutdown && subs.get(s.index) == s && s.gen == generation;
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
