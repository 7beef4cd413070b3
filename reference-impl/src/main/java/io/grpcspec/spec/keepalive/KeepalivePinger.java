package io.grpcspec.spec.keepalive;

import static io.grpcspec.spec.keepalive.PingerState.Phase.CLOSED;
import static io.grpcspec.spec.keepalive.PingerState.Phase.DORMANT;
import static io.grpcspec.spec.keepalive.PingerState.Phase.OFF;
import static io.grpcspec.spec.keepalive.PingerState.Phase.PING_SENT;
import static io.grpcspec.spec.keepalive.PingerState.Phase.WAITING;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.PingFrame;
import java.util.List;

/**
 * Keepalive pings: the client's (gRFC A8) and, with {@link PingerConfig#server}, the server's
 * own (gRFC A9). One PING after KEEPALIVE_TIME without reads; if its ACK does not come back
 * within KEEPALIVE_TIMEOUT the connection is declared broken. The server's pinger is the same
 * machine, always permitted without calls ({@link KeepaliveRules#KA_16}).
 *
 * <p>Reads are the hot path, so they only move {@code lastReadNanos}: the KEEPALIVE_PING timer is
 * armed once and, when it fires, compares the deadline the reads imply with the time of firing
 * and re-arms for the rest (grpc-go does the same). A transport therefore never re-arms a timer
 * per frame.
 */
public final class KeepalivePinger {
    private KeepalivePinger() {}

    /** High four bytes of every keepalive payload: ASCII "KEEP", so that ACKs of other PINGs
     *  (the graceful-GOAWAY PING, BDP probes) can never be taken for a keepalive ACK. */
    public static final long PAYLOAD_TAG = 0x4b45_4550_0000_0000L;

    /** The payload of the {@code sequence}-th keepalive PING of a connection (0-based). */
    public static long payload(long sequence) {
        return PAYLOAD_TAG | (sequence & 0xffff_ffffL);
    }

    /** The connection is up at {@code nowNanos}: arm the first KEEPALIVE_PING (or stay OFF). */
    public static Step<PingerState> start(PingerConfig config, long nowNanos) {
        if (!config.enabled()) return Step.next(new PingerState(config, OFF, 0, nowNanos, 0, 0));
        return Step.next(new PingerState(config, WAITING, 0, nowNanos, 0, 0),
                new Actions.ArmTimer(Timer.KEEPALIVE_PING, config.timeNanos()));
    }

    public static Step<PingerState> step(PingerState s, KeepaliveEvent e) {
        if (s.phase() == CLOSED) return Step.next(s);
        if (s.phase() == OFF && !(e instanceof KeepaliveEvent.Closed)) return Step.next(s);
        return switch (e) {
            case KeepaliveEvent.Closed c -> Step.next(s.withPhase(CLOSED), cancelArmed(s));
            case KeepaliveEvent.FrameReceived f -> onRead(s, f);
            case KeepaliveEvent.ActiveStreams a -> onActiveCalls(s, a);
            case KeepaliveEvent.TimerFired t -> onTimer(s, t);
            case KeepaliveEvent.FrameSent f -> Step.next(s); // what we write is no sign of life from the peer
        };
    }

    @Enforces("KA-5")
    private static Step<PingerState> onRead(PingerState s, KeepaliveEvent.FrameReceived f) {
        PingerState read = s.withLastRead(f.nowNanos());
        // KA_5: only the echo of our own payload answers the keepalive; any other ACK is just a read.
        if (s.phase() == PING_SENT && f.frame() instanceof PingFrame p && p.ack()
                && p.opaqueData() == s.outstandingPayload()) {
            return Step.next(read.withPhase(WAITING),
                    new Actions.CancelTimer(Timer.KEEPALIVE_TIMEOUT),
                    new Actions.ArmTimer(Timer.KEEPALIVE_PING, s.config().timeNanos()));
        }
        return Step.next(read);
    }

    @Enforces("KA-6")
    private static Step<PingerState> onActiveCalls(PingerState s, KeepaliveEvent.ActiveStreams a) {
        PingerState counted = s.withActiveCalls(a.active());
        if (s.phase() != DORMANT || a.active() == 0) return Step.next(counted);
        // KA_6 (gRFC A8): a call after a long silence first checks the connection; keepalive
        // time is not restarted, so the check comes at once when it is already overdue.
        long due = Durations.plus(s.lastReadNanos(), s.config().timeNanos());
        if (due <= a.nowNanos()) return sendPing(counted, a.nowNanos());
        return Step.next(counted.withPhase(WAITING), new Actions.ArmTimer(Timer.KEEPALIVE_PING, due - a.nowNanos()));
    }

    @Enforces({"KA-3", "KA-4", "KA-6", "KA-16"})
    private static Step<PingerState> onTimer(PingerState s, KeepaliveEvent.TimerFired t) {
        long now = t.nowNanos();
        if (t.timer() == Timer.KEEPALIVE_PING && s.phase() == WAITING) {
            // KA_3: the deadline counts from the last read, so reads since arming push it out.
            long due = Durations.plus(s.lastReadNanos(), s.config().timeNanos());
            if (due > now) return Step.next(s, new Actions.ArmTimer(Timer.KEEPALIVE_PING, due - now));
            if (s.activeCalls() == 0 && !s.config().permitWithoutCalls()) return Step.next(s.withPhase(DORMANT)); // KA_6
            return sendPing(s, now);
        }
        if (t.timer() == Timer.KEEPALIVE_TIMEOUT && s.phase() == PING_SENT) {
            long deadline = Durations.plus(s.pingSentNanos(), s.config().timeoutNanos());
            if (deadline > now) return Step.next(s, new Actions.ArmTimer(Timer.KEEPALIVE_TIMEOUT, deadline - now));
            // KA_4: no ACK in time; the peer or the path is gone.
            String why = "keepalive PING not acknowledged within " + Durations.format(s.config().timeoutNanos());
            return Step.next(s.withPhase(CLOSED),
                    KeepaliveAction.ConnectionBroken.unavailable(why),
                    new Actions.CloseConnection(why));
        }
        return Step.next(s); // a timer cancelled too late, or another machine's
    }

    private static Step<PingerState> sendPing(PingerState s, long now) {
        PingFrame ping = new PingFrame(false, payload(s.pingsSent()));
        return Step.next(s.withPingSent(now),
                new Actions.WriteFrame(ping),
                new Actions.ArmTimer(Timer.KEEPALIVE_TIMEOUT, s.config().timeoutNanos()));
    }

    private static List<Action> cancelArmed(PingerState s) {
        return switch (s.phase()) {
            case WAITING -> List.of(new Actions.CancelTimer(Timer.KEEPALIVE_PING));
            case PING_SENT -> List.of(new Actions.CancelTimer(Timer.KEEPALIVE_TIMEOUT));
            case OFF, DORMANT, CLOSED -> List.of();
        };
    }
}
