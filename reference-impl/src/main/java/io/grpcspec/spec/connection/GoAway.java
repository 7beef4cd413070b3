package io.grpcspec.spec.connection;

import io.grpcspec.spec.IntTreeSet;
import io.grpcspec.spec.Role;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.PingFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * GOAWAY and draining, RFC 9113 §6.8 and gRPC's graceful shutdown, as pure functions over
 * {@link GoAwayState}. A step whose actions hold {@link Actions.CloseConnection} ends the
 * connection; {@link #closes(Step)} tells.
 */
public final class GoAway {
    private GoAway() {}

    /** Longest debug text we put in a GOAWAY; far below the smallest MAX_FRAME_SIZE. */
    static final int MAX_DEBUG_BYTES = 256;

    /**
     * Graceful shutdown. A server announces it with GOAWAY(2^31-1, NO_ERROR) and a PING ({@link GoAwayRules#GA_1}):
     * a client may have HEADERS in flight that the server has not read yet, and the PING's ACK
     * proves the client saw the GOAWAY before the real limit is set. A client has nothing in
     * flight from the server to protect, so it sends its single GOAWAY at once.
     */
    @Enforces("GA-1")
    public static Step<GoAwayState> shutdown(GoAwayState g, long pingData, long pingTimeoutNanos) {
        if (g.sent() != GoAwayState.Sent.NONE) return Step.next(g);
        if (g.role() == Role.CLIENT) return sendFinal(g, List.of());
        return Step.next(g.withSent(GoAwayState.Sent.HEADS_UP, GoAwayState.MAX_STREAM_ID, pingData),
                new Actions.WriteFrame(new GoAwayFrame(GoAwayState.MAX_STREAM_ID, ErrorCode.NO_ERROR, Bytes.EMPTY)),
                new Actions.WriteFrame(new PingFrame(false, pingData)),
                new Actions.ArmTimer(Timer.GOAWAY_PING, pingTimeoutNanos));
    }

    /** A PING ACK arrived: the one of our shutdown PING triggers the second GOAWAY ({@link GoAwayRules#GA_2}). */
    @Enforces("GA-2")
    public static Step<GoAwayState> pingAcked(GoAwayState g, long opaqueData) {
        if (g.sent() != GoAwayState.Sent.HEADS_UP || opaqueData != g.pingData()) return Step.next(g);
        return sendFinal(g, List.of(new Actions.CancelTimer(Timer.GOAWAY_PING)));
    }

    /** Timer.GOAWAY_PING fired: the client is slow to answer, set the limit anyway ({@link GoAwayRules#GA_2}). */
    @Enforces("GA-2")
    public static Step<GoAwayState> pingTimerFired(GoAwayState g) {
        if (g.sent() != GoAwayState.Sent.HEADS_UP) return Step.next(g);
        return sendFinal(g, List.of());
    }

    private static Step<GoAwayState> sendFinal(GoAwayState g, List<Action> before) {
        // highestPeerStream never exceeds a previous lastSent: the only earlier GOAWAY is the
        // heads-up with 2^31-1, so the limit can only go down (GA-5, sending side).
        int last = g.highestPeerStream();
        List<Action> actions = new ArrayList<>(before);
        actions.add(new Actions.WriteFrame(new GoAwayFrame(last, ErrorCode.NO_ERROR, Bytes.EMPTY)));
        if (g.open().isEmpty()) actions.add(new Actions.CloseConnection("GOAWAY sent and no stream open"));
        return Step.next(g.withSent(GoAwayState.Sent.FINAL, last, 0), actions);
    }

    /**
     * The peer's GOAWAY: our streams above its last-stream-id are reported not processed
     * ({@link GoAwayRules#GA_7}); the rest may finish, and with none open the connection closes
     * ({@link GoAwayRules#GA_9}).
     */
    @Enforces({"GA-7", "GA-9"})
    public static Step<GoAwayState> received(GoAwayState g, GoAwayFrame f) {
        int last = f.lastStreamId();
        if (g.role() == Role.CLIENT && last != 0 && (last & 1) == 0) {
            return Step.connectionError(GoAwayRules.GA_6, ErrorCode.PROTOCOL_ERROR,
                    "server GOAWAY names even stream " + last);
        }
        if (g.received() && last > g.lastReceived()) {
            return Step.connectionError(GoAwayRules.GA_5, ErrorCode.PROTOCOL_ERROR,
                    "GOAWAY raised last-stream-id from " + g.lastReceived() + " to " + last);
        }
        IntTreeSet stillOpen = g.openSet();
        List<Integer> notProcessed = new ArrayList<>();
        for (int id : g.open()) {
            if (g.role().initiates(id) && id > last) notProcessed.add(id);
        }
        for (int id : notProcessed) stillOpen = stillOpen.without(id);
        List<Action> actions = new ArrayList<>();
        actions.add(new ConnectionActions.PeerGoingAway(last, f.errorCode(), f.debugData()));
        if (!notProcessed.isEmpty()) actions.add(new ConnectionActions.StreamsNotProcessed(notProcessed));
        if (stillOpen.isEmpty() && g.sent() != GoAwayState.Sent.HEADS_UP) {
            actions.add(new Actions.CloseConnection("GOAWAY received and no stream open"));
        }
        return Step.next(g.withReceived(last, stillOpen), actions);
    }

    /**
     * A stream is starting; see {@link ConnectionEvent.StreamOpened}. Once draining we open none of
     * our own ({@link GoAwayRules#GA_8}); peer streams are still accepted between a server's two
     * GOAWAYs ({@link GoAwayRules#GA_3}) and ignored above the final limit ({@link GoAwayRules#GA_4}).
     */
    @Enforces({"GA-3", "GA-4"})
    public static Step<GoAwayState> streamOpened(GoAwayState g, int streamId) {
        if (g.role().initiates(streamId)) {
            if (g.draining()) return Step.next(g, new ConnectionActions.StreamsNotProcessed(List.of(streamId)));
            return Step.next(g.withOpen(g.openSet().with(streamId), g.highestPeerStream()));
        }
        if (g.sent() == GoAwayState.Sent.FINAL && streamId > g.lastSent()) {
            return Step.next(g, new ConnectionActions.IgnoreStream(streamId));
        }
        return Step.next(g.withOpen(g.openSet().with(streamId), Math.max(g.highestPeerStream(), streamId)));
    }

    /** A stream closed; the last one closes a draining connection ({@link GoAwayRules#GA_9}). */
    @Enforces("GA-9")
    public static Step<GoAwayState> streamClosed(GoAwayState g, int streamId) {
        IntTreeSet rest = g.openSet().without(streamId);
        if (rest == g.open()) return Step.next(g);
        GoAwayState next = g.withOpen(rest, g.highestPeerStream());
        boolean limitKnown = g.sent() == GoAwayState.Sent.FINAL || g.received();
        // In HEADS_UP the server waits for its second GOAWAY even with nothing open: a new
        // client stream may still be on its way.
        if (rest.isEmpty() && limitKnown && g.sent() != GoAwayState.Sent.HEADS_UP) {
            return Step.next(next, new Actions.CloseConnection("draining finished"));
        }
        return Step.next(next);
    }

    /**
     * A connection error ({@link GoAwayRules#GA_10}): GOAWAY with the highest peer stream we processed, never above
     * a limit we already sent, then close.
     */
    @Enforces("GA-10")
    public static Step<GoAwayState> abort(GoAwayState g, Violation v) {
        int last = g.highestPeerStream();
        if (g.sent() != GoAwayState.Sent.NONE) last = Math.min(last, g.lastSent());
        String text = v.rule().id() + ": " + v.detail();
        Bytes debug = Bytes.ofAscii(text.length() > MAX_DEBUG_BYTES ? text.substring(0, MAX_DEBUG_BYTES) : text);
        return Step.next(g.withSent(GoAwayState.Sent.FINAL, last, 0),
                new Actions.WriteFrame(new GoAwayFrame(last, v.code(), debug)),
                new Actions.CloseConnection("connection error " + v));
    }

    /** True when the step ends the connection. */
    public static boolean closes(Step<?> step) {
        for (Action a : step.actions()) {
            if (a instanceof Actions.CloseConnection) return true;
        }
        return false;
    }
}
