package io.grpcspec.spec.channel;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.channel.ResolverAction.ArmTimer;
import io.grpcspec.spec.channel.ResolverAction.CancelTimer;
import io.grpcspec.spec.channel.ResolverAction.FailChannel;
import io.grpcspec.spec.channel.ResolverAction.StartResolution;
import io.grpcspec.spec.channel.ResolverAction.UseAddresses;
import io.grpcspec.spec.channel.ResolverEvent.ReresolveRequested;
import io.grpcspec.spec.channel.ResolverEvent.ResolveFailed;
import io.grpcspec.spec.channel.ResolverEvent.Resolved;
import io.grpcspec.spec.channel.ResolverEvent.Shutdown;
import io.grpcspec.spec.channel.ResolverEvent.Start;
import io.grpcspec.spec.channel.ResolverEvent.TimerFired;
import io.grpcspec.spec.channel.ResolverState.Phase;
import io.grpcspec.traceability.Enforces;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When the channel resolves its target, as a pure machine
 * {@code (ResolverState, ResolverEvent) -> Step}: the first resolution at start, re-resolution
 * when the balancer asks for it, paced ({@link ChannelRules#CH_19}); a failed resolution retried
 * after the connection backoff ({@link ChannelRules#CH_20}); and what a result means for the
 * channel ({@link ChannelRules#CH_21}): a failure before any address list fails the channel, a
 * list equal to the one in use changes nothing. The driver runs the resolver, the one timer
 * ({@code Timer.RESOLVE}) and hands the results back; it keeps no resolution state of its own.
 *
 * @param backoff         the sequence failed resolutions are retried by (the channel's reconnect backoff)
 * @param minIntervalNanos the least time between the starts of two resolutions
 */
public record Resolution(Backoff backoff, long minIntervalNanos) {

    /**
     * The least time between two resolutions: 5 s. grpc-go's dns resolver waits 30 s; a test
     * client that watches servers come and go prefers a shorter wait.
     */
    public static final long MIN_INTERVAL_NANOS = 5_000_000_000L;

    /** The highest backoff number a failed resolution's retry uses (the delay is capped long before). */
    public static final int MAX_BACKOFF_NUMBER = 30;

    /** The connection backoff of connection-backoff.md and the 5 s interval. */
    public static final Resolution DEFAULT = new Resolution(Backoff.DEFAULT, MIN_INTERVAL_NANOS);

    public Resolution {
        Objects.requireNonNull(backoff);
        if (minIntervalNanos < 0) throw new IllegalArgumentException("negative interval " + minIntervalNanos);
    }

    public <A> Step<ResolverState<A>> step(ResolverState<A> s, ResolverEvent<A> e) {
        return switch (e) {
            case Start<A> st -> s.phase() == Phase.IDLE && s.addresses() == null && s.failures() == 0 ? begin(s, st.nowNanos()) : Step.next(s);
            case ReresolveRequested<A> r -> requested(s, r.nowNanos());
            case Resolved<A> r -> resolved(s, r);
            case ResolveFailed<A> f -> failed(s, f);
            case TimerFired<A> t -> s.phase() == Phase.WAITING ? begin(s, t.nowNanos()) : Step.next(s); // a fire that raced a cancel
            case Shutdown<A> d -> shutdown(s);
        };
    }

    /** A resolution starts now. */
    private static <A> Step<ResolverState<A>> begin(ResolverState<A> s, long now) {
        return Step.next(new ResolverState<>(Phase.RESOLVING, false, now, s.failures(), s.addresses()), new StartResolution<A>());
    }

    /**
     * {@link ChannelRules#CH_19}: a request while a resolution runs asks for one more after it; while
     * one waits it adds nothing; otherwise the next resolution starts once the minimum interval
     * since the last start has passed.
     */
    @Enforces("CH-19")
    private <A> Step<ResolverState<A>> requested(ResolverState<A> s, long now) {
        return switch (s.phase()) {
            case RESOLVING -> Step.next(s.with(Phase.RESOLVING, true));
            case WAITING, SHUT_DOWN -> Step.next(s);
            case IDLE -> paced(s, now);
        };
    }

    /** The next resolution, no sooner than the minimum interval after the last start ({@link ChannelRules#CH_19}). */
    @Enforces("CH-19")
    private <A> Step<ResolverState<A>> paced(ResolverState<A> s, long now) {
        long wait = s.startedAt() + minIntervalNanos - now;
        if (wait <= 0) return begin(s, now);
        return Step.next(s.with(Phase.WAITING, false), new ArmTimer<A>(wait));
    }

    /**
     * An address list: the failure count starts over ({@link ChannelRules#CH_20}), and the list
     * goes to the balancer unless it is the one in use ({@link ChannelRules#CH_21}).
     */
    @Enforces({"CH-20", "CH-21"})
    private <A> Step<ResolverState<A>> resolved(ResolverState<A> s, Resolved<A> r) {
        if (s.phase() != Phase.RESOLVING) return Step.next(s); // after shutdown
        List<Action> out = new ArrayList<>();
        boolean changed = !r.addresses().equals(s.addresses());
        if (changed) out.add(new UseAddresses<>(r.addresses()));
        ResolverState<A> done = new ResolverState<>(Phase.IDLE, false, s.startedAt(), 0, r.addresses());
        if (!s.again()) return Step.next(done, out);
        Step<ResolverState<A>> next = paced(done, r.nowNanos());
        out.addAll(next.actions());
        return Step.next(next.state(), out);
    }

    /**
     * The resolution failed: retry after backoff number k = failures so far ({@link ChannelRules#CH_20});
     * a channel without any address list fails its calls meanwhile ({@link ChannelRules#CH_21}).
     * A re-resolution requested meanwhile is this retry.
     */
    @Enforces({"CH-20", "CH-21"})
    private <A> Step<ResolverState<A>> failed(ResolverState<A> s, ResolveFailed<A> f) {
        if (s.phase() != Phase.RESOLVING) return Step.next(s); // after shutdown
        long delay = backoff.delayNanos(Math.min(s.failures(), MAX_BACKOFF_NUMBER), f.jitter());
        List<Action> out = new ArrayList<>();
        if (s.addresses() == null) out.add(new FailChannel<>(f.reason()));
        out.add(new ArmTimer<>(delay));
        int failures = s.failures() == Integer.MAX_VALUE ? s.failures() : s.failures() + 1;
        return Step.next(new ResolverState<>(Phase.WAITING, false, s.startedAt(), failures, s.addresses()), out);
    }

    private static <A> Step<ResolverState<A>> shutdown(ResolverState<A> s) {
        ResolverState<A> down = new ResolverState<>(Phase.SHUT_DOWN, false, s.startedAt(), s.failures(), s.addresses());
        return s.phase() == Phase.WAITING ? Step.next(down, new CancelTimer<A>()) : Step.next(down);
    }
}
