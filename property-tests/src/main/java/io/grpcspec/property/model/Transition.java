package io.grpcspec.property.model;

import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.driver.EndpointDriver;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.connection.GoAwayState;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.SettingsFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * What one driver step did, as the model needs it: the next driver state, the items written
 * (by number, in order), the deliveries that move the applications' {@link Script}, and the
 * checks the step itself fails. A driver step is a pure function of the driver state, the
 * event and the time, so the model computes it once per distinct (state, event, time) and
 * replays the result wherever that combination recurs: the same client state meets the same
 * frame in many worlds that differ only on the server's side.
 *
 * <p>The next state gets its number in the {@link Canon} only when a world reached by this step
 * is asked for it ({@link #next(Canon)}): a walk checks every enabled transition but takes one,
 * and hash-consing the states of the others took a large share of its time. Everything a check reads is
 * computed at once.
 */
final class Transition {
    /** A number for the step cache's bookkeeping (-1 for a step not cached). */
    private final int id;
    /** The driver state after the step: as the driver made it until numbered, then the canonical instance. */
    private DriverState nextState;
    /** Its number in the canon, or -1 until {@link #next(Canon)} asks. */
    private int next = -1;
    private final int[] written;
    private final Effect[] deliveries;
    private final String broken;
    private final Violation timeoutBlame;
    private final boolean keepaliveDead;
    private final List<Integer> notProcessed;

    /**
     * @param written       items appended to the side's outbound pipe
     * @param deliveries    {@code StreamStarted}, {@code Data}, {@code Headers} and {@code StreamClosed} effects
     * @param broken        a check the step fails wherever it happens (a refused local call, a violation
     *                      reported against a conforming peer outside a timeout, a rising GOAWAY, headers
     *                      that arrive other than they were sent, an idle drain with streams open), or null
     * @param timeoutBlame  the violation a timer's expiry reported against the peer (SETTINGS not acknowledged
     *                      in time), judged per world: fair only while the answer is really still in flight
     * @param keepaliveDead the client's keepalive declared the connection dead, judged per world likewise
     * @param notProcessed  streams the side was told the peer never processed (safe to retry elsewhere),
     *                      judged per world: the peer really must not have processed them
     */
    private Transition(int id, DriverState nextState, int[] written, Effect[] deliveries, String broken,
                       Violation timeoutBlame, boolean keepaliveDead, List<Integer> notProcessed) {
        this.id = id;
        this.nextState = nextState;
        this.written = written;
        this.deliveries = deliveries;
        this.broken = broken;
        this.timeoutBlame = timeoutBlame;
        this.keepaliveDead = keepaliveDead;
        this.notProcessed = notProcessed;
    }

    int id() {
        return id;
    }

    /** The driver state after the step (equal to the canonical one, though perhaps not yet the same instance). */
    DriverState nextState() {
        return nextState;
    }

    /** The number of the driver state after the step, hash-consing it on the first call. */
    int next(Canon canon) {
        if (next < 0) {
            next = canon.driver(nextState);
            nextState = canon.driver(next); // keep the canonical instance; the driver's copy may go
        }
        return next;
    }

    int[] written() {
        return written;
    }

    Effect[] deliveries() {
        return deliveries;
    }

    String broken() {
        return broken;
    }

    /** The debug data of the server's GOAWAY when it drains an idle connection (gRFC A9, grpc-go). */
    static final io.grpcspec.wire.Bytes MAX_IDLE = io.grpcspec.wire.Bytes.ofAscii("max_idle");

    /** Steps {@code event} on {@code side}'s driver state {@code before} and records what the model needs. */
    static Transition compute(int id, Canon canon, Driver driver, Side side, int before, EndpointEvent event, Expected expected) {
        DriverState from = canon.driver(before);
        EndpointDriver.DriverStep step = driver.step(side, from, event);
        List<Integer> written = new ArrayList<>(4);
        List<Effect> deliveries = new ArrayList<>(2);
        String broken = null;
        Violation blame = null;
        boolean dead = false;
        List<Integer> notProcessed = List.of();
        for (Effect e : step.effects()) {
            switch (e) {
                case Effect.Refused(EndpointEvent refused, Violation v) ->
                        broken = first(broken, side + " machine refused " + refused + ": " + v);
                case Effect.PeerViolation(Violation v) -> {
                    if (event instanceof EndpointEvent.TimerFired) blame = v;
                    else broken = first(broken, side + " reported a violation by its conforming peer: " + v);
                }
                case Effect.PeerTolerated(Violation v) ->
                        broken = first(broken, side + " reported a fault of its conforming peer: " + v);
                case Effect.StreamStarted s -> deliveries.add(s);
                case Effect.Data d -> deliveries.add(d);
                case Effect.StreamClosed c -> deliveries.add(c);
                case Effect.Headers h -> {
                    deliveries.add(h);
                    List<HeaderField> sent = expected.fields(side, h.trailers());
                    if (!h.fields().equals(sent)) {
                        broken = first(broken, side + " received on stream " + h.streamId() + " the header list " + h.fields()
                                + " but its peer sent " + sent);
                    }
                }
                case Effect.WritePreface p -> written.add(canon.item(Item.PREFACE));
                case Effect.WriteFrame(var f) -> written.add(canon.item(new Item.FrameItem(f)));
                case Effect.WriteBlock(int stream, var frames) -> frames.forEach(f -> written.add(canon.item(new Item.FrameItem(f))));
                case Effect.Close c -> written.add(canon.item(Item.END));
                case Effect.ConnectionBroken b -> dead = true;
                // What concerns only a real application or a real socket.
                case Effect.ReadLimit x -> { }
                case Effect.ArmTimer x -> { }
                case Effect.CancelTimer x -> { }
                case Effect.Ready x -> { }
                case Effect.PeerReset x -> { }
                case Effect.GoingAway x -> { }
                case Effect.NotProcessed(List<Integer> ids) -> notProcessed = ids;
                case Effect.PingAcked x -> { }
                case Effect.Pending x -> { }
            }
        }
        if (dead && !written.contains(canon.item(Item.END))) {
            broken = first(broken, side + " declared the connection dead by keepalive but did not close it");
        }
        broken = first(broken, goAwayMonotone(side, from.endpoint(), step.state().endpoint()));
        broken = first(broken, idleDrain(canon, side, from.endpoint(), written));
        int[] w = new int[written.size()];
        for (int i = 0; i < w.length; i++) w[i] = written.get(i);
        return new Transition(id, step.state(), w, deliveries.toArray(new Effect[0]), broken, blame, dead, notProcessed);
    }

    /** The header lists the model's applications send, by the receiving side. */
    interface Expected {
        List<HeaderField> fields(Side receiver, boolean trailers);
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    /** A GOAWAY never raises the last-stream-id an endpoint has received (RFC 9113 §6.8). */
    private static String goAwayMonotone(Side side, Endpoint before, Endpoint after) {
        OptionalInt was = before.goAwayReceived();
        OptionalInt now = after.goAwayReceived();
        if (was.isPresent() && now.isPresent() && now.getAsInt() > was.getAsInt()) {
            return side + " accepted a GOAWAY whose last-stream-id rose from " + was.getAsInt() + " to " + now.getAsInt();
        }
        return null;
    }

    /** gRFC A9: a connection is drained for idleness only while no call is open, and with NO_ERROR. */
    private static String idleDrain(Canon canon, Side side, Endpoint before, List<Integer> written) {
        if (side != Side.SERVER || before.goAwaySent() != GoAwayState.Sent.NONE) return null;
        for (int item : written) {
            if (canon.item(item) instanceof Item.FrameItem f && f.frame() instanceof GoAwayFrame g && g.debugData().equals(MAX_IDLE)) {
                if (before.activeStreams() > 0) {
                    return "SERVER drained the connection as idle (GOAWAY max_idle) with " + before.activeStreams() + " stream(s) open";
                }
                if (g.errorCode() != io.grpcspec.wire.ErrorCode.NO_ERROR.code()) return "idle GOAWAY with error code " + g.errorCode();
            }
        }
        return null;
    }

    /**
     * Streams reported as not processed must really be unknown to the peer: the application
     * retries them on another connection, and a call the peer did process would run twice.
     * Null when true in {@code w} (the world before the step), else what is wrong.
     */
    String unsafeRetry(World w, Side side) {
        if (notProcessed.isEmpty()) return null;
        int processed = w.endpoint(side.other()).lastPeerStreamId();
        for (int id : notProcessed) {
            if (id <= processed) {
                return side + " was told stream " + id + " was never processed, but " + side.other()
                        + " processed streams up to " + processed + ": a retry would run the call twice";
            }
        }
        return null;
    }

    /**
     * Whether a timeout that ended the connection (or blamed the peer) was fair in {@code w}: the
     * awaited answer is really late. A SETTINGS ACK is late while our SETTINGS or its ACK is
     * still in flight; a keepalive PING ACK while the PING or its ACK is. A closed peer answers
     * nothing, so any timeout is fair then. Null when fair, else what is wrong.
     */
    String unfairTimeout(World w, Side side) {
        if (timeoutBlame == null && !keepaliveDead) return null;
        Canon canon = w.canon();
        if (w.endpoint(side.other()).closed()) return null;
        boolean outbound = false;
        boolean inbound = false;
        for (int id : w.outboundIds(side)) {
            Item it = canon.item(id);
            if (it instanceof Item.End) return null;
            if (it instanceof Item.FrameItem f && awaits(f, timeoutBlame != null, false)) outbound = true;
        }
        for (int id : w.inboundIds(side)) {
            Item it = canon.item(id);
            if (it instanceof Item.End) return null;
            if (it instanceof Item.FrameItem f && awaits(f, timeoutBlame != null, true)) inbound = true;
        }
        if (outbound || inbound) return null;
        return timeoutBlame != null
                ? side + " timed out waiting for a SETTINGS ACK (" + timeoutBlame + "), yet its SETTINGS were delivered and no ACK is on its way"
                : side + " declared the connection dead by keepalive, yet its PING was delivered and no ACK is on its way";
    }

    private static boolean awaits(Item.FrameItem f, boolean settings, boolean ack) {
        if (settings) return f.frame() instanceof SettingsFrame s && s.ack() == ack;
        return f.frame() instanceof PingFrame p && p.ack() == ack;
    }

    /** Timers whose expiry is judged by {@link #unfairTimeout}. */
    static boolean judged(Timer t) {
        return t == Timer.SETTINGS_ACK || t == Timer.KEEPALIVE_TIMEOUT;
    }
}
