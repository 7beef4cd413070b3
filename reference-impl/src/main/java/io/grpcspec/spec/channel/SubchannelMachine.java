package io.grpcspec.spec.channel;

import static io.grpcspec.spec.channel.ConnectivityState.CONNECTING;
import static io.grpcspec.spec.channel.ConnectivityState.IDLE;
import static io.grpcspec.spec.channel.ConnectivityState.READY;
import static io.grpcspec.spec.channel.ConnectivityState.SHUTDOWN;
import static io.grpcspec.spec.channel.ConnectivityState.TRANSIENT_FAILURE;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.channel.SubchannelAction.ArmTimer;
import io.grpcspec.spec.channel.SubchannelAction.CancelTimer;
import io.grpcspec.spec.channel.SubchannelAction.CloseTransport;
import io.grpcspec.spec.channel.SubchannelAction.Ignored;
import io.grpcspec.spec.channel.SubchannelAction.StartConnect;
import io.grpcspec.spec.channel.SubchannelAction.StateChanged;
import io.grpcspec.spec.channel.SubchannelEvent.Connect;
import io.grpcspec.spec.channel.SubchannelEvent.GoAwayReceived;
import io.grpcspec.spec.channel.SubchannelEvent.ResetBackoff;
import io.grpcspec.spec.channel.SubchannelEvent.Shutdown;
import io.grpcspec.spec.channel.SubchannelEvent.TimerFired;
import io.grpcspec.spec.channel.SubchannelEvent.TransportClosed;
import io.grpcspec.spec.channel.SubchannelEvent.TransportCreated;
import io.grpcspec.spec.channel.SubchannelEvent.TransportReady;
import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The connectivity machine of one subchannel: {@code (SubchannelState, SubchannelEvent) -> Step}.
 *
 * <p>Shape (see spec/channel.md): IDLE --Connect--> CONNECTING --TransportReady--> READY;
 * CONNECTING --TransportClosed / GoAwayReceived / CONNECT_TIMEOUT--> TRANSIENT_FAILURE
 * --RECONNECT_BACKOFF--> IDLE; READY --TransportClosed / GoAwayReceived--> IDLE; anything
 * --Shutdown--> SHUTDOWN. The machine itself tells what a transport event means: the same close
 * is a failed attempt while CONNECTING and a lost connection while READY, and an event of an
 * attempt the subchannel has left behind is ignored with its reason ({@link ChannelRules#CH_10}).
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
        return switch (e) {
            case Connect c -> connect(s, c);
            case TransportCreated(int attempt) -> transportCreated(s, attempt);
            case TransportReady(int attempt) -> transportReady(s, attempt);
            case TransportClosed(int attempt, String cause) -> transportEnded(s, attempt, "TransportClosed", cause);
            case GoAwayReceived(int attempt, String cause) -> transportEnded(s, attempt, "GoAwayReceived", cause);
            case TimerFired t -> timerFired(s, t);
            case ResetBackoff r -> resetBackoff(s);
            case Shutdown d -> shutdown(s);
        };
    }

    @Enforces({"CH-6", "CH-8"})
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

    /**
     * The dialer handed over the attempt's transport. The current attempt keeps it; a transport
     * that arrives for an attempt given up meanwhile (connect timeout, shutdown, a newer attempt)
     * is closed at once ({@link ChannelRules#CH_10}).
     */
    private Step<SubchannelState> transportCreated(SubchannelState s, int attempt) {
        if (attempt < 1 || attempt > s.attempt()) return neverStarted(s, attempt, "TransportCreated");
        if (attempt == s.attempt() && s.attached()) return Step.next(s);
        return Step.next(s, new CloseTransport(attempt, "attempt " + attempt + " is no longer wanted (" + whyDetached(s, attempt) + ")"));
    }

    @Enforces("CH-9")
    private Step<SubchannelState> transportReady(SubchannelState s, int attempt) {
        Step<SubchannelState> other = notCurrent(s, attempt, "TransportReady");
        if (other != null) return other;
        if (s.state() != CONNECTING) {
            return refuse(ChannelRules.CH_3, "attempt " + attempt + " reported ready while " + s.state());
        }
        // The backoff restarts once the server's SETTINGS arrived (CH_9); IDLE alone never resets it.
        SubchannelState next = new SubchannelState(READY, s.attempt(), 0, s.backoffNanos());
        return move(s, next, "", new CancelTimer(Timer.CONNECT_TIMEOUT, s.attempt()));
    }

    /**
     * The attached transport closed or received GOAWAY. Before READY that is a failed attempt
     * ({@link ChannelRules#CH_4}): TRANSIENT_FAILURE and the backoff. A READY transport lost is no
     * connect failure ({@link ChannelRules#CH_5}): IDLE, no reconnect until asked. Either way the
     * transport is no longer ours, so nothing is done to it.
     */
    @Enforces({"CH-4", "CH-5"})
    private Step<SubchannelState> transportEnded(SubchannelState s, int attempt, String what, String cause) {
        Step<SubchannelState> other = notCurrent(s, attempt, what);
        if (other != null) return other;
        return switch (s.state()) {
            case CONNECTING -> fail(s, what.equals("GoAwayReceived") ? "GOAWAY during the handshake: " + cause : cause, false);
            case READY -> move(s, s.with(IDLE), cause);
            case IDLE, TRANSIENT_FAILURE, SHUTDOWN -> throw new IllegalStateException("machine bug: attached while " + s.state());
        };
    }

    @Enforces({"CH-6", "CH-8"})
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
        return Step.next(s, new Ignored(t.timer() + " of attempt " + t.key() + " fired after it was cancelled (subchannel "
                + s.state() + ", attempt " + s.attempt() + ")"));
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
        return switch (s.state()) {
            case SHUTDOWN -> Step.next(s);
            case CONNECTING -> move(s, s.with(SHUTDOWN), "",
                    new CancelTimer(Timer.CONNECT_TIMEOUT, s.attempt()),
                    new CloseTransport(s.attempt(), "subchannel shut down"));
            case READY -> move(s, s.with(SHUTDOWN), "", new CloseTransport(s.attempt(), "subchannel shut down"));
            case TRANSIENT_FAILURE -> move(s, s.with(SHUTDOWN), "", new CancelTimer(Timer.RECONNECT_BACKOFF, s.attempt()));
            case IDLE -> move(s, s.with(SHUTDOWN), "");
        };
    }

    /** CONNECTING -> TRANSIENT_FAILURE: wait this attempt's backoff before becoming IDLE ({@link ChannelRules#CH_4}, {@link ChannelRules#CH_8}). */
    @Enforces({"CH-4", "CH-8"})
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
     * step to take: ignore a superseded or detached attempt, with the reason; refuse one that was
     * never started (CH-10).
     */
    private static Step<SubchannelState> notCurrent(SubchannelState s, int attempt, String what) {
        if (attempt < 1 || attempt > s.attempt()) return neverStarted(s, attempt, what);
        if (attempt != s.attempt() || !s.attached()) {
            return Step.next(s, new Ignored(what + " of attempt " + attempt + ": " + whyDetached(s, attempt)));
        }
        return null;
    }

    private static Step<SubchannelState> neverStarted(SubchannelState s, int attempt, String what) {
        return refuse(ChannelRules.CH_10, what + " for attempt " + attempt + ", which was never started"
                + " (last attempt " + s.attempt() + ")");
    }

    /** Why {@code attempt} no longer has the subchannel's transport. */
    private static String whyDetached(SubchannelState s, int attempt) {
        return attempt != s.attempt() ? "superseded by attempt " + s.attempt() : "the subchannel left it behind (" + s.state() + ")";
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
