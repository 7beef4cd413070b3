package io.grpcspec.spec.channel;

import static io.grpcspec.spec.channel.ConnectivityState.CONNECTING;
import static io.grpcspec.spec.channel.ConnectivityState.IDLE;
import static io.grpcspec.spec.channel.ConnectivityState.READY;
import static io.grpcspec.spec.channel.ConnectivityState.SHUTDOWN;
import static io.grpcspec.spec.channel.ConnectivityState.TRANSIENT_FAILURE;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions.ArmTimer;
import io.grpcspec.spec.Actions.CancelTimer;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.channel.SubchannelAction.CloseTransport;
import io.grpcspec.spec.channel.SubchannelAction.StartConnect;
import io.grpcspec.spec.channel.SubchannelAction.StateChanged;
import io.grpcspec.spec.channel.SubchannelEvent.Connect;
import io.grpcspec.spec.channel.SubchannelEvent.GoAwayReceived;
import io.grpcspec.spec.channel.SubchannelEvent.ResetBackoff;
import io.grpcspec.spec.channel.SubchannelEvent.Shutdown;
import io.grpcspec.spec.channel.SubchannelEvent.TimerFired;
import io.grpcspec.spec.channel.SubchannelEvent.TransportClosed;
import io.grpcspec.spec.channel.SubchannelEvent.TransportFailed;
import io.grpcspec.spec.channel.SubchannelEvent.TransportReady;
import io.grpcspec.spec.Violation;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The connectivity machine of one subchannel: {@code (SubchannelState, SubchannelEvent) -> Step}.
 *
 * <p>Shape (see spec/channel.md): IDLE --Connect--> CONNECTING --TransportReady--> READY;
 * CONNECTING --TransportFailed / CONNECT_TIMEOUT--> TRANSIENT_FAILURE --RECONNECT_BACKOFF--> IDLE;
 * READY --TransportClosed / GoAwayReceived--> IDLE; anything --Shutdown--> SHUTDOWN.
 *
 * <p>A refused event is a bug of the driver feeding the machine, not of the peer. The
 * {@link Violation} carries INTERNAL_ERROR with connection scope: if the driver decides to drop
 * the transport over it, that is the code a GOAWAY would carry.
 */
public record SubchannelMachine(Backoff backoff) {

    /** The machine with the backoff parameters of connection-backoff.md. */
    public static final SubchannelMachine DEFAULT = new SubchannelMachine(Backoff.DEFAULT);

    public SubchannelMachine {
        Objects.requireNonNull(backoff);
    }

    public Step<SubchannelState> step(SubchannelState s, SubchannelEvent e) {
        if (e instanceof Connect c) return connect(s, c);
        if (e instanceof TransportReady r) return transportReady(s, r);
        if (e instanceof TransportFailed f) return transportFailed(s, f);
        if (e instanceof TransportClosed c) return transportClosed(s, c.attempt(), "TransportClosed", c.cause());
        if (e instanceof GoAwayReceived g) return transportClosed(s, g.attempt(), "GoAwayReceived", "GOAWAY received");
        if (e instanceof TimerFired t) return timerFired(s, t);
        if (e instanceof ResetBackoff) return resetBackoff(s);
        if (e instanceof Shutdown) return shutdown(s);
        throw new IllegalArgumentException("unknown event " + e); // unreachable: the interface is sealed
    }

    private Step<SubchannelState> connect(SubchannelState s, Connect c) {
        if (s.state() == SHUTDOWN) {
            return refuse(ChannelRules.CH_2, "connect requested after shutdown (attempt " + s.attempt() + ")");
        }
        // Only IDLE starts an attempt: CONNECTING/READY already have one, and TRANSIENT_FAILURE
        // must wait for its backoff (CH_6). The request is a hint, so it is not an error.
        if (s.state() != IDLE) return Step.next(s);
        int attempt = s.attempt() + 1;
        long delay = backoff.delayNanos(s.backoffIndex(), c.jitter());
        long timeout = backoff.connectTimeoutNanos(delay);
        SubchannelState next = new SubchannelState(CONNECTING, attempt, s.backoffIndex(), delay);
        return move(s, next, "",
                new ArmTimer(Timer.CONNECT_TIMEOUT, attempt, timeout),
                new StartConnect(attempt, timeout));
    }

    private Step<SubchannelState> transportReady(SubchannelState s, TransportReady r) {
        Step<SubchannelState> other = notCurrent(s, r.attempt(), "TransportReady");
        if (other != null) return other;
        if (s.state() != CONNECTING) {
            return refuse(ChannelRules.CH_3, "attempt " + r.attempt() + " reported ready while " + s.state());
        }
        // The backoff restarts once the server's SETTINGS arrived (CH_9); IDLE alone never resets it.
        SubchannelState next = new SubchannelState(READY, s.attempt(), 0, s.backoffNanos());
        return move(s, next, "", new CancelTimer(Timer.CONNECT_TIMEOUT, s.attempt()));
    }

    private Step<SubchannelState> transportFailed(SubchannelState s, TransportFailed f) {
        Step<SubchannelState> other = notCurrent(s, f.attempt(), "TransportFailed");
        if (other != null) return other;
        if (s.state() != CONNECTING) {
            return refuse(ChannelRules.CH_4, "attempt " + f.attempt() + " is READY: a ready transport reports"
                    + " TransportClosed, not TransportFailed (" + f.cause() + ")");
        }
        return fail(s, f.cause(), false);
    }

    private Step<SubchannelState> transportClosed(SubchannelState s, int attempt, String what, String cause) {
        Step<SubchannelState> other = notCurrent(s, attempt, what);
        if (other != null) return other;
        if (s.state() != READY) {
            return refuse(ChannelRules.CH_4, "attempt " + attempt + " reported " + what + " before it was ready:"
                    + " an attempt that ends while CONNECTING reports TransportFailed");
        }
        // The transport is gone (or draining after GOAWAY) and no longer ours: no action on it.
        // CH_5: IDLE, with no reconnect until the balancer asks.
        return move(s, s.with(IDLE), cause);
    }

    private Step<SubchannelState> timerFired(SubchannelState s, TimerFired t) {
        if (t.timer() != Timer.CONNECT_TIMEOUT && t.timer() != Timer.RECONNECT_BACKOFF) {
            return refuse(ChannelRules.CH_10, "timer " + t.timer() + " is not a subchannel timer");
        }
        if (t.key() < 1 || t.key() > s.attempt()) {
            return refuse(ChannelRules.CH_10, "timer " + t.timer() + " fired for attempt " + t.key()
                    + ", never armed (last attempt " + s.attempt() + ")");
        }
        boolean current = t.key() == s.attempt();
        if (t.timer() == Timer.CONNECT_TIMEOUT && current && s.state() == CONNECTING) { // CH_8
            return fail(s, "connect timeout after " + (backoff.connectTimeoutNanos(s.backoffNanos()) / 1_000_000) + " ms", true);
        }
        // CH_6: backoff over means IDLE, not CONNECTING: the balancer decides about reconnecting.
        if (t.timer() == Timer.RECONNECT_BACKOFF && current && s.state() == TRANSIENT_FAILURE) {
            int index = s.backoffIndex() == Integer.MAX_VALUE ? s.backoffIndex() : s.backoffIndex() + 1;
            return move(s, s.with(IDLE).withBackoffIndex(index), "");
        }
        // The timer was cancelled by an earlier step and the fire raced the cancellation (CH-10).
        return Step.next(s);
    }

    private Step<SubchannelState> resetBackoff(SubchannelState s) {
        if (s.state() == SHUTDOWN) return Step.next(s);
        if (s.state() == TRANSIENT_FAILURE) {
            // As grpc-go: a reset ends the wait at once; the balancer may reconnect right away.
            return move(s, s.with(IDLE).withBackoffIndex(0), "",
                    new CancelTimer(Timer.RECONNECT_BACKOFF, s.attempt()));
        }
        return Step.next(s.withBackoffIndex(0));
    }

    private Step<SubchannelState> shutdown(SubchannelState s) {
        switch (s.state()) {
            case SHUTDOWN:
                return Step.next(s);
            case CONNECTING:
                return move(s, s.with(SHUTDOWN), "",
                        new CancelTimer(Timer.CONNECT_TIMEOUT, s.attempt()),
                        new CloseTransport(s.attempt(), "subchannel shut down"));
            case READY:
                return move(s, s.with(SHUTDOWN), "", new CloseTransport(s.attempt(), "subchannel shut down"));
            case TRANSIENT_FAILURE:
                return move(s, s.with(SHUTDOWN), "", new CancelTimer(Timer.RECONNECT_BACKOFF, s.attempt()));
            default:
                return move(s, s.with(SHUTDOWN), "");
        }
    }

    /** CONNECTING -> TRANSIENT_FAILURE: wait this attempt's backoff before becoming IDLE (CH-4, {@link ChannelRules#CH_8}). */
    private Step<SubchannelState> fail(SubchannelState s, String cause, boolean closeTransport) {
        List<Action> actions = new ArrayList<>();
        if (closeTransport) {
            actions.add(new CloseTransport(s.attempt(), cause));
        } else {
            actions.add(new CancelTimer(Timer.CONNECT_TIMEOUT, s.attempt()));
        }
        actions.add(new ArmTimer(Timer.RECONNECT_BACKOFF, s.attempt(), s.backoffNanos()));
        return move(s, s.with(TRANSIENT_FAILURE), cause, actions.toArray(new Action[0]));
    }

    /**
     * Null when {@code attempt} is the subchannel's current, attached transport. Otherwise the
     * step to take: ignore a superseded attempt, refuse one that was never started (CH-10).
     */
    private static Step<SubchannelState> notCurrent(SubchannelState s, int attempt, String what) {
        if (attempt < 1 || attempt > s.attempt()) {
            return refuse(ChannelRules.CH_10, what + " for attempt " + attempt + ", which was never started"
                    + " (last attempt " + s.attempt() + ")");
        }
        if (attempt != s.attempt() || !s.attached()) return Step.next(s);
        return null;
    }

    /** A state change: the given actions, then StateChanged. Only legal moves are ever made (CH-1). */
    private static Step<SubchannelState> move(SubchannelState s, SubchannelState next, String cause, Action... actions) {
        if (!s.state().subchannelMayMoveTo(next.state())) {
            throw new IllegalStateException("machine bug: " + s.state() + " -> " + next.state());
        }
        List<Action> all = new ArrayList<>(List.of(actions));
        all.add(new StateChanged(s.state(), next.state(), cause));
        return Step.next(next, all);
    }

    private static Step<SubchannelState> refuse(Rule rule, String detail) {
        return Step.violated(new Violation(rule, ErrorCode.INTERNAL_ERROR, Scope.CONNECTION, 0, detail));
    }
}
