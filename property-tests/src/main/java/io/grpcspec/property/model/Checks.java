package io.grpcspec.property.model;

import io.grpcspec.spec.Role;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.connection.GoAwayState;
import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.keepalive.ConnectionManagerState;
import io.grpcspec.spec.keepalive.Durations;
import io.grpcspec.spec.keepalive.PingerState;
import io.grpcspec.spec.stream.StreamState;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The checks every reachable {@link World} must pass ({@link #invariant}) and the check of a
 * world where nothing can move ({@link #deadlock}). None of them names a rule: they state what
 * two conforming peers joined by TCP must always agree on, and what a connection must never
 * be left waiting for.
 */
final class Checks {

    private final Bounds bounds;
    /** {@link #timersAwaited} by driver state number (a function of the driver state alone): "" = fine. */
    private String[] timerVerdicts = new String[1 << 12];

    Checks(Bounds bounds) {
        this.bounds = bounds;
    }

    private String timersAwaitedCached(World w, Side side) {
        int id = w.driverId(side);
        if (id >= timerVerdicts.length) timerVerdicts = java.util.Arrays.copyOf(timerVerdicts, Math.max(id + 1, timerVerdicts.length * 2));
        String v = timerVerdicts[id];
        if (v == null) {
            v = timersAwaited(w, side);
            if (v == null) v = "";
            timerVerdicts[id] = v;
        }
        return v.isEmpty() ? null : v;
    }

    String invariant(World w) {
        String bad = pipeInvariants(w, Side.CLIENT);
        if (bad == null) bad = pipeInvariants(w, Side.SERVER);
        for (Side side : Side.values()) {
            if (bad == null) bad = timersAwaitedCached(w, side);
        }
        if (bad == null && bounds.timed()) bad = limitsKept(w);
        if (bad != null) return bad;
        if (w.client().closed() || w.server().closed()) return null;
        for (Side sender : Side.values()) {
            bad = conservation(w, sender);
            if (bad != null) return bad;
        }
        return streamAgreement(w);
    }

    // ------------------------------------------------------------------ pipes

    /** GOAWAYs in flight from {@code from} never raise the last-stream-id, neither among themselves nor over what the peer has. */
    private static String pipeInvariants(World w, Side from) {
        OptionalInt got = w.endpoint(from.other()).goAwayReceived();
        long last = got.isPresent() ? got.getAsInt() : Long.MAX_VALUE;
        Canon canon = w.canon();
        for (int id : w.outboundIds(from)) {
            if (canon.item(id) instanceof Item.FrameItem f && f.frame() instanceof GoAwayFrame g) {
                if (g.lastStreamId() > last) {
                    return "GOAWAY from " + from + " raises last-stream-id " + last + " to " + g.lastStreamId();
                }
                last = g.lastStreamId();
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ timers

    /**
     * The armed timers are exactly those some machine of the side waits for: a machine waiting
     * for a timer nobody armed hangs for ever (a dead peer never detected, an idle connection
     * never closed), and a timer nobody waits for is a leak (on a closed connection: none at all).
     */
    private static String timersAwaited(World w, Side side) {
        DriverState d = w.driver(side);
        Set<Timer> expected = awaited(d.endpoint());
        Set<Timer> armed = EnumSet.noneOf(Timer.class);
        for (DriverState.TimerKey k : d.timers().keySet()) armed.add(k.timer());
        if (armed.equals(expected)) return null;
        Set<Timer> missing = EnumSet.copyOf(expected);
        missing.removeAll(armed);
        Set<Timer> stale = EnumSet.copyOf(armed);
        stale.removeAll(expected);
        return side + " timers disagree with its machines in " + d.endpoint().phase() + ": awaited but not armed "
                + missing + ", armed but awaited by no machine " + stale;
    }

    /** The timers the side's machines wait for in their present phases. */
    static Set<Timer> awaited(Endpoint e) {
        Set<Timer> t = EnumSet.noneOf(Timer.class);
        if (e.closed()) return t;
        if (e.phase().handshaking()) t.add(Timer.HANDSHAKE);
        // LIM-4: a server also holds the peer to the shorter preface deadline until its SETTINGS.
        if (e.phase().handshaking() && e.connection().role() == Role.SERVER && e.connection().config().prefaceTimeoutNanos() > 0) {
            t.add(Timer.PREFACE);
        }
        if (!e.connection().settings().pending().isEmpty() && e.connection().settings().ackTimeoutNanos() > 0) {
            t.add(Timer.SETTINGS_ACK);
        }
        if (e.goAwaySent() == GoAwayState.Sent.HEADS_UP) t.add(Timer.GOAWAY_PING);
        PingerState p = e.pinger();
        if (p != null && p.phase() == PingerState.Phase.WAITING) t.add(Timer.KEEPALIVE_PING);
        if (p != null && p.phase() == PingerState.Phase.PING_SENT) t.add(Timer.KEEPALIVE_TIMEOUT);
        ConnectionManagerState m = e.manager();
        if (m != null) {
            var phase = m.phase();
            boolean serving = phase == ConnectionManagerState.Phase.SERVING;
            if (serving && m.activeStreams() == 0 && m.config().maxIdleNanos() != Durations.INFINITE) t.add(Timer.MAX_CONNECTION_IDLE);
            if ((serving || phase == ConnectionManagerState.Phase.IDLE_DRAINING) && m.ageDeadlineNanos() != Durations.INFINITE) {
                t.add(Timer.MAX_CONNECTION_AGE);
            }
            if (phase == ConnectionManagerState.Phase.AGE_GRACE && m.config().maxAgeGraceNanos() != Durations.INFINITE) {
                t.add(Timer.MAX_CONNECTION_AGE_GRACE);
            }
        }
        return t;
    }

    /**
     * The limits time imposes, as promised by the configuration: nobody is still in the
     * handshake after its deadline; the server is draining after max-age and closed after
     * max-age + grace (gRFC A9); a client with keepalive on never goes longer than
     * keepalive time + timeout without reading from its peer unless it has closed (gRFC A8).
     */
    private String limitsKept(World w) {
        Timing t = bounds.timing();
        long now = w.now();
        for (Side side : Side.values()) {
            Endpoint e = w.endpoint(side);
            if (now > t.handshake() && e.phase().handshaking()) {
                return side + " is still in the handshake (" + e.phase() + ") at " + Timing.format(now)
                        + ", after its deadline " + Timing.format(t.handshake());
            }
        }
        Endpoint s = w.server();
        if (t.maxAge() != Durations.INFINITE && !s.closed()) {
            if (now > t.maxAge() && s.goAwaySent() == GoAwayState.Sent.NONE) {
                return "SERVER has not begun to drain at " + Timing.format(now) + ", after max-age " + Timing.format(t.maxAge());
            }
            if (t.maxAgeGrace() != Durations.INFINITE && now > Durations.plus(t.maxAge(), t.maxAgeGrace())) {
                return "SERVER is still open at " + Timing.format(now) + ", after max-age " + Timing.format(t.maxAge())
                        + " + grace " + Timing.format(t.maxAgeGrace());
            }
        }
        Endpoint c = w.client();
        PingerState p = c.pinger();
        if (!c.closed() && p != null && p.config().enabled() && p.phase() != PingerState.Phase.DORMANT
                && now > Durations.plus(p.lastReadNanos(), Durations.plus(p.config().timeNanos(), p.config().timeoutNanos()))) {
            return "CLIENT still trusts its connection at " + Timing.format(now) + ", though it read nothing since "
                    + Timing.format(p.lastReadNanos()) + " (keepalive " + Timing.format(p.config().timeNanos()) + " + timeout "
                    + Timing.format(p.config().timeoutNanos()) + ")";
        }
        return null;
    }

    // ------------------------------------------------------------------ flow control

    /**
     * Flow-control conservation for data sent by {@code sender}: its view of each window equals
     * the receiver's, minus DATA in flight, minus WINDOW_UPDATE in flight back (the receiver
     * counts credit as given when it writes the update; the sender when it reads it), plus (for streams)
     * the INITIAL_WINDOW_SIZE change the sender has applied and the receiver has not yet seen
     * acknowledged. Windows stay within 2^31-1. Also: no connection credit stranded on bytes that
     * no live stream will ever consume.
     */
    private static String conservation(World w, Side sender) {
        Endpoint s = w.endpoint(sender);
        Endpoint r = w.endpoint(sender.other());
        Canon canon = w.canon();
        int[] data = w.outboundIds(sender);
        int[] updates = w.inboundIds(sender);
        long expected = (long) r.connectionReceiveWindow() - dataInFlight(canon, data, -1) - updatesInFlight(canon, updates, 0);
        if (s.connectionSendWindow() != expected) {
            return "connection window " + sender + "->" + sender.other() + ": sender sees " + s.connectionSendWindow()
                    + ", receiver window " + r.connectionReceiveWindow() + " - in-flight DATA " + dataInFlight(canon, data, -1)
                    + " - in-flight WINDOW_UPDATE " + updatesInFlight(canon, updates, 0) + " = " + expected;
        }
        if (s.connectionSendWindow() > Integer.MAX_VALUE || r.connectionReceiveWindow() > Integer.MAX_VALUE) {
            return "connection window above 2^31-1";
        }
        // Every received byte the connection window still holds back must belong to a live stream
        // whose reader can free it; bytes of closed streams must have been credited.
        long held = r.streams().flow().receive().unconsumed();
        long readable = 0;
        for (var st : r.streams().streams().values()) readable += st.flow().receive().unconsumed();
        if (held > readable) {
            return "connection credit stranded at " + sender.other() + ": " + held + " received bytes not credited back,"
                    + " but live streams hold only " + readable + " unread";
        }
        long shift = s.remoteSettings().initialWindowSize() - r.localSettings().initialWindowSize();
        for (int id : s.streams().streams().keySet()) {
            StreamState st = s.streamState(id);
            if (st != StreamState.OPEN && st != StreamState.HALF_CLOSED_REMOTE) continue; // END_STREAM sent: window moot
            OptionalInt sw = s.streamSendWindow(id);
            OptionalInt rw = r.streamReceiveWindow(id);
            if (sw.isEmpty() || rw.isEmpty()) continue; // not live at the receiver (not arrived yet, or reset)
            long exp = (long) rw.getAsInt() - dataInFlight(canon, data, id) - updatesInFlight(canon, updates, id) + shift;
            if (sw.getAsInt() != exp) {
                return "stream " + id + " window " + sender + "->" + sender.other() + ": sender sees " + sw.getAsInt()
                        + ", receiver " + rw.getAsInt() + " - in-flight DATA " + dataInFlight(canon, data, id)
                        + " - in-flight WINDOW_UPDATE " + updatesInFlight(canon, updates, id) + " + unacknowledged"
                        + " INITIAL_WINDOW_SIZE change " + shift + " = " + exp;
            }
        }
        return null;
    }

    /** Flow-controlled DATA bytes in {@code pipe} on {@code streamId} (-1: all streams). */
    private static long dataInFlight(Canon canon, int[] pipe, int streamId) {
        long n = 0;
        for (int i : pipe) {
            if (canon.item(i) instanceof Item.FrameItem f && f.frame() instanceof DataFrame d && (streamId < 0 || d.streamId() == streamId)) {
                n += d.flowControlledLength();
            }
        }
        return n;
    }

    private static long updatesInFlight(Canon canon, int[] pipe, int streamId) {
        long n = 0;
        for (int i : pipe) {
            if (canon.item(i) instanceof Item.FrameItem f && f.frame() instanceof WindowUpdateFrame u && u.streamId() == streamId) {
                n += u.increment();
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ stream states

    /** With nothing in flight on a stream (and no GOAWAY or EOF pending), both ends agree on its state. */
    private static String streamAgreement(World w) {
        Canon canon = w.canon();
        if (hasConnectionLevelChange(canon, w.outboundIds(Side.CLIENT)) || hasConnectionLevelChange(canon, w.outboundIds(Side.SERVER))) {
            return null;
        }
        for (Conv c : w.script().convs()) {
            int id = c.id();
            if (onStream(canon, w.outboundIds(Side.CLIENT), id) || onStream(canon, w.outboundIds(Side.SERVER), id)) continue;
            StreamState cs = w.client().streamState(id);
            StreamState ss = w.server().streamState(id);
            if (!agree(cs, ss)) return "stream " + id + " states disagree with nothing in flight: client " + cs + ", server " + ss;
        }
        return null;
    }

    private static boolean agree(StreamState client, StreamState server) {
        boolean cDone = client == StreamState.CLOSED || client == StreamState.IDLE;
        boolean sDone = server == StreamState.CLOSED || server == StreamState.IDLE;
        if (cDone || sDone) return cDone && sDone;
        return switch (client) {
            case OPEN -> server == StreamState.OPEN;
            case HALF_CLOSED_LOCAL -> server == StreamState.HALF_CLOSED_REMOTE;
            case HALF_CLOSED_REMOTE -> server == StreamState.HALF_CLOSED_LOCAL;
            default -> false;
        };
    }

    private static boolean onStream(Canon canon, int[] pipe, int id) {
        for (int i : pipe) if (canon.item(i) instanceof Item.FrameItem f && f.frame().streamId() == id) return true;
        return false;
    }

    private static boolean hasConnectionLevelChange(Canon canon, int[] pipe) {
        for (int i : pipe) {
            Item it = canon.item(i);
            if (it instanceof Item.End) return true;
            if (it instanceof Item.FrameItem f && f.frame() instanceof GoAwayFrame) return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ terminal states

    /**
     * A state with no transition: fine once either side is closed, or when no work remains.
     * Work = data or trailers queued for credit, bytes delivered but unread, SETTINGS or PINGs
     * not acknowledged, a graceful shutdown not finished. Also checks settings agreement at
     * quiescence. (With time passing, a world is terminal only when the fire budget is spent;
     * none of this work needs a timer to finish.)
     */
    String deadlock(World w) {
        if (w.client().closed() || w.server().closed()) return null;
        List<String> work = new ArrayList<>();
        for (Side side : Side.values()) {
            Endpoint e = w.endpoint(side);
            for (int id : e.streams().streams().keySet()) {
                if (e.hasQueued(id)) work.add(side + " has " + ConnectionModel.units(e.pendingBytes(id)) + " queued on stream " + id
                        + " (send window " + e.sendable(id) + ")");
            }
            if (!e.connection().settings().pending().isEmpty()) work.add(side + " waits for a SETTINGS ACK");
            if (!e.pingsOutstanding().isEmpty()) work.add(side + " waits for the ACK of PING " + e.pingsOutstanding());
            if (e.pinger() != null && e.pinger().phase() == PingerState.Phase.PING_SENT) work.add(side + " waits for a keepalive PING ACK");
            if (e.goAwaySent() == GoAwayState.Sent.HEADS_UP) work.add(side + " waits for the ACK of its shutdown PING");
        }
        for (Conv c : w.script().convs()) {
            if (c.clientUnread() > 0 || c.serverUnread() > 0) work.add("unread bytes on stream " + c.id());
        }
        if (!work.isEmpty()) return "deadlock: nothing can move, yet " + String.join("; ", work);
        if (!w.client().remoteSettings().equals(w.server().localSettings())
                || !w.server().remoteSettings().equals(w.client().localSettings())) {
            return "quiescent, yet the settings disagree: client local " + w.client().localSettings() + " remote "
                    + w.client().remoteSettings() + ", server local " + w.server().localSettings() + " remote "
                    + w.server().remoteSettings();
        }
        return null;
    }
}
