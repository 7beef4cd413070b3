package io.grpcspec.spec.keepalive;

import static io.grpcspec.spec.keepalive.ConnectionManagerState.Phase.AGE_GRACE;
import static io.grpcspec.spec.keepalive.ConnectionManagerState.Phase.CLOSED;
import static io.grpcspec.spec.keepalive.ConnectionManagerState.Phase.IDLE_DRAINING;
import static io.grpcspec.spec.keepalive.ConnectionManagerState.Phase.SERVING;
import static io.grpcspec.spec.keepalive.Durations.INFINITE;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.traceability.Enforces;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side connection management (gRFC A9): close connections that sat idle too long, and
 * close every connection after a (jittered) maximum age, with a grace period for the calls
 * still open before the hard close.
 *
 * <p>Both closes start as a graceful GOAWAY ({@link KeepaliveAction.GracefulGoAway}), which the
 * GOAWAY machine runs. The idle timer is armed when the last stream ends and cancelled when a
 * stream opens: stream counts change once per call, so exact timers cost little here (unlike
 * the pinger, which would otherwise re-arm on every read).
 */
public final class ConnectionManager {
    private ConnectionManager() {}

    /** The connection is established at {@code nowNanos}; {@code ageJitter} is the
     *  connection's random draw in [-0.10, +0.10] (see {@link ConnectionManagerConfig#jitteredMaxAge}). */
    public static Step<ConnectionManagerState> start(ConnectionManagerConfig config, long nowNanos, double ageJitter) {
        long age = config.jitteredMaxAge(ageJitter);
        ConnectionManagerState s = new ConnectionManagerState(config, SERVING, 0, nowNanos,
                Durations.plus(nowNanos, age), INFINITE);
        List<Action> actions = new ArrayList<>();
        // gRFC A9: idleness counts from connection establishment too, not only from the last call.
        if (config.maxIdleNanos() != INFINITE) actions.add(new Actions.ArmTimer(Timer.MAX_CONNECTION_IDLE, config.maxIdleNanos()));
        if (age != INFINITE) actions.add(new Actions.ArmTimer(Timer.MAX_CONNECTION_AGE, age));
        return Step.next(s, actions);
    }

    public static Step<ConnectionManagerState> step(ConnectionManagerState s, KeepaliveEvent e) {
        if (s.phase() == CLOSED) return Step.next(s);
        return switch (e) {
            case KeepaliveEvent.Closed c -> Step.next(s.withPhase(CLOSED), cancelArmed(s));
            case KeepaliveEvent.ActiveStreams a -> onActiveStreams(s, a);
            case KeepaliveEvent.TimerFired t -> onTimer(s, t);
            // frames do not matter: A9 idleness is about calls, not traffic
            case KeepaliveEvent.FrameReceived f -> Step.next(s);
            case KeepaliveEvent.FrameSent f -> Step.next(s);
        };
    }

    private static Step<ConnectionManagerState> onActiveStreams(ConnectionManagerState s, KeepaliveEvent.ActiveStreams a) {
        boolean wasIdle = s.activeStreams() == 0;
        boolean idle = a.active() == 0;
        long idleSince = idle ? (wasIdle ? s.idleSinceNanos() : a.nowNanos()) : ConnectionManagerState.NOT_IDLE;
        ConnectionManagerState next = s.withStreams(a.active(), idleSince);
        if (wasIdle == idle || s.phase() != SERVING || s.config().maxIdleNanos() == INFINITE) return Step.next(next);
        return Step.next(next, idle
                ? new Actions.ArmTimer(Timer.MAX_CONNECTION_IDLE, s.config().maxIdleNanos())
                : new Actions.CancelTimer(Timer.MAX_CONNECTION_IDLE));
    }

    @Enforces({"KA-13", "KA-15"})
    private static Step<ConnectionManagerState> onTimer(ConnectionManagerState s, KeepaliveEvent.TimerFired t) {
        long now = t.nowNanos();
        if (t.timer() == Timer.MAX_CONNECTION_IDLE && s.idleTimerArmed()) {
            long due = Durations.plus(s.idleSinceNanos(), s.config().maxIdleNanos());
            if (due > now) return Step.next(s, new Actions.ArmTimer(Timer.MAX_CONNECTION_IDLE, due - now));
            // KA_13: idle for MAX_CONNECTION_IDLE with no call open: graceful GOAWAY "max_idle".
            return Step.next(s.withPhase(IDLE_DRAINING), KeepaliveAction.GracefulGoAway.of("max_idle"));
        }
        if (t.timer() == Timer.MAX_CONNECTION_AGE && s.ageDeadlineNanos() != INFINITE
                && (s.phase() == SERVING || s.phase() == IDLE_DRAINING)) {
            if (s.ageDeadlineNanos() > now) {
                return Step.next(s, new Actions.ArmTimer(Timer.MAX_CONNECTION_AGE, s.ageDeadlineNanos() - now));
            }
            return onAgeReached(s, now);
        }
        if (t.timer() == Timer.MAX_CONNECTION_AGE_GRACE && s.phase() == AGE_GRACE && s.graceDeadlineNanos() != INFINITE) {
            if (s.graceDeadlineNanos() > now) {
                return Step.next(s, new Actions.ArmTimer(Timer.MAX_CONNECTION_AGE_GRACE, s.graceDeadlineNanos() - now));
            }
            // KA_15: the calls had their grace; the age limit is a hard bound on the connection's life.
            return Step.next(s.withPhase(CLOSED), new Actions.CloseConnection(
                    "max_age: grace of " + Durations.format(s.config().maxAgeGraceNanos()) + " is over"));
        }
        return Step.next(s); // a timer cancelled too late, or another machine's
    }

    /** {@link KeepaliveRules#KA_14}. After an idle drain the GOAWAY is already under way: only the grace clock starts. */
    @Enforces("KA-14")
    private static Step<ConnectionManagerState> onAgeReached(ConnectionManagerState s, long now) {
        long grace = s.config().maxAgeGraceNanos();
        List<Action> actions = new ArrayList<>();
        if (s.idleTimerArmed()) actions.add(new Actions.CancelTimer(Timer.MAX_CONNECTION_IDLE));
        if (s.phase() == SERVING) actions.add(KeepaliveAction.GracefulGoAway.of("max_age"));
        if (grace != INFINITE) actions.add(new Actions.ArmTimer(Timer.MAX_CONNECTION_AGE_GRACE, grace));
        return Step.next(s.withPhase(AGE_GRACE).withGraceDeadline(Durations.plus(now, grace)), actions);
    }

    private static List<Action> cancelArmed(ConnectionManagerState s) {
        List<Action> cancels = new ArrayList<>();
        if (s.idleTimerArmed()) cancels.add(new Actions.CancelTimer(Timer.MAX_CONNECTION_IDLE));
        if (s.phase() != AGE_GRACE && s.ageDeadlineNanos() != INFINITE) cancels.add(new Actions.CancelTimer(Timer.MAX_CONNECTION_AGE));
        if (s.phase() == AGE_GRACE && s.config().maxAgeGraceNanos() != INFINITE) {
            cancels.add(new Actions.CancelTimer(Timer.MAX_CONNECTION_AGE_GRACE));
        }
        return cancels;
    }
}
