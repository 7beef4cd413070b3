package io.grpcspec.spec.keepalive;

import static io.grpcspec.spec.keepalive.Durations.INFINITE;
import static io.grpcspec.spec.keepalive.Durations.MINUTE;
import static io.grpcspec.spec.keepalive.Durations.SECOND;
import static io.grpcspec.spec.keepalive.Render.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Timer;
import io.grpcspec.spec.keepalive.Exploration.Input;
import io.grpcspec.spec.keepalive.Exploration.Sample;
import io.grpcspec.testing.Checks;
import io.grpcspec.testing.GeneratedBlocks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.SettingsFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Snapshot of every (sample state, event) outcome of the three keepalive machines, and their
 * phase diagrams, kept in {@code spec/} as generated blocks. A change in behaviour shows up as
 * a diff of these files, to be reviewed before {@code -Dgrpcspec.regenerate=true} accepts it.
 */
class KeepaliveTablesTest {

    /** The table's "now"; sample states place their times relative to it. */
    static final long NOW = 10_000 * SECOND;
    static final PingerConfig CLIENT = PingerConfig.client(60 * SECOND, 20 * SECOND, false);
    static final PingerConfig PERMIT = PingerConfig.client(60 * SECOND, 20 * SECOND, true);
    static final ConnectionManagerConfig LIMITS = new ConnectionManagerConfig(10 * MINUTE, 30 * MINUTE, MINUTE);

    // ---- pinger

    static Exploration<PingerState> pinger() {
        List<Sample<PingerState>> states = List.of(
                new Sample<>("off", new PingerState(PingerConfig.CLIENT_DEFAULT, PingerState.Phase.OFF, 1, NOW - 60 * SECOND, 0, 0)),
                new Sample<>("due, calls", new PingerState(CLIENT, PingerState.Phase.WAITING, 1, NOW - 60 * SECOND, 0, 0)),
                new Sample<>("due, no calls", new PingerState(CLIENT, PingerState.Phase.WAITING, 0, NOW - 60 * SECOND, 0, 0)),
                new Sample<>("due, no calls, permitted", new PingerState(PERMIT, PingerState.Phase.WAITING, 0, NOW - 60 * SECOND, 0, 0)),
                new Sample<>("not due", new PingerState(CLIENT, PingerState.Phase.WAITING, 1, NOW - 30 * SECOND, 0, 0)),
                new Sample<>("timeout due", new PingerState(CLIENT, PingerState.Phase.PING_SENT, 1, NOW - 80 * SECOND, NOW - 20 * SECOND, 1)),
                new Sample<>("timeout not due", new PingerState(CLIENT, PingerState.Phase.PING_SENT, 1, NOW - 65 * SECOND, NOW - 5 * SECOND, 1)),
                new Sample<>("overdue", new PingerState(CLIENT, PingerState.Phase.DORMANT, 0, NOW - 90 * SECOND, 0, 0)),
                new Sample<>("not due", new PingerState(CLIENT, PingerState.Phase.DORMANT, 0, NOW - 30 * SECOND, 0, 0)),
                new Sample<>("closed", new PingerState(CLIENT, PingerState.Phase.CLOSED, 1, NOW - 30 * SECOND, 0, 1)));
        List<Input> inputs = List.of(
                new Input("read SETTINGS", new KeepaliveEvent.FrameReceived(SettingsFrame.of(), NOW)),
                new Input("read PING ACK (ours)", new KeepaliveEvent.FrameReceived(new PingFrame(true, KeepalivePinger.payload(0)), NOW)),
                new Input("read PING ACK (other)", new KeepaliveEvent.FrameReceived(new PingFrame(true, 0x0106010800030309L), NOW)),
                new Input("read PING", new KeepaliveEvent.FrameReceived(new PingFrame(false, 7), NOW)),
                new Input("sent HEADERS", new KeepaliveEvent.FrameSent(new HeadersFrame(1, Bytes.EMPTY, false, true), NOW)),
                new Input("streams 0", new KeepaliveEvent.ActiveStreams(0, NOW)),
                new Input("streams 1", new KeepaliveEvent.ActiveStreams(1, NOW)),
                new Input("fired KEEPALIVE_PING", new KeepaliveEvent.TimerFired(Timer.KEEPALIVE_PING, NOW)),
                new Input("fired KEEPALIVE_TIMEOUT", new KeepaliveEvent.TimerFired(Timer.KEEPALIVE_TIMEOUT, NOW)),
                new Input("fired MAX_CONNECTION_IDLE", new KeepaliveEvent.TimerFired(Timer.MAX_CONNECTION_IDLE, NOW)),
                new Input("closed", new KeepaliveEvent.Closed(NOW)));
        return new Exploration<>(states, inputs, KeepalivePinger::step, s -> s.phase().name(), KeepaliveTablesTest::describe);
    }

    static String describe(PingerState s) {
        String p = s.phase().name();
        if (s.phase() == PingerState.Phase.OFF || s.phase() == PingerState.Phase.CLOSED) return p;
        String text = p + " calls=" + s.activeCalls() + " read " + at(s.lastReadNanos(), NOW);
        if (s.phase() == PingerState.Phase.PING_SENT) {
            text += " sent " + Render.payload(s.outstandingPayload()) + " " + at(s.pingSentNanos(), NOW);
        }
        return text + (s.config().permitWithoutCalls() ? " permit" : "");
    }

    // ---- enforcer

    static EnforcerState enforcer(EnforcementPolicy policy, int streams, int strikes, long lastValid) {
        return new EnforcerState(policy, EnforcerState.Phase.ENFORCING, streams, strikes, lastValid);
    }

    static Exploration<EnforcerState> enforcer() {
        EnforcementPolicy d = EnforcementPolicy.DEFAULT;
        EnforcementPolicy permit = new EnforcementPolicy(5 * MINUTE, true);
        long none = EnforcerState.NO_VALID_PING;
        List<Sample<EnforcerState>> states = List.of(
                new Sample<>("first ping", enforcer(d, 1, 0, none)),
                new Sample<>("streams, 1 min", enforcer(d, 1, 0, NOW - MINUTE)),
                new Sample<>("streams, 5 min", enforcer(d, 1, 0, NOW - 5 * MINUTE)),
                new Sample<>("streams, 2 strikes, 1 min", enforcer(d, 1, 2, NOW - MINUTE)),
                new Sample<>("streams, 2 strikes, 5 min", enforcer(d, 1, 2, NOW - 5 * MINUTE)),
                new Sample<>("no streams, 1 h", enforcer(d, 0, 0, NOW - 60 * MINUTE)),
                new Sample<>("no streams, 2 strikes, 1 h", enforcer(d, 0, 2, NOW - 60 * MINUTE)),
                new Sample<>("no streams, 2 strikes, 2 h", enforcer(d, 0, 2, NOW - 120 * MINUTE)),
                new Sample<>("no streams permitted, 2 strikes, 5 min", enforcer(permit, 0, 2, NOW - 5 * MINUTE)),
                new Sample<>("closed", new EnforcerState(d, EnforcerState.Phase.CLOSED, 1, 3, NOW - MINUTE)));
        List<Input> inputs = List.of(
                new Input("read PING", new KeepaliveEvent.FrameReceived(new PingFrame(false, 7), NOW)),
                new Input("read PING ACK", new KeepaliveEvent.FrameReceived(new PingFrame(true, 7), NOW)),
                new Input("read HEADERS", new KeepaliveEvent.FrameReceived(new HeadersFrame(3, Bytes.EMPTY, false, true), NOW)),
                new Input("sent HEADERS", new KeepaliveEvent.FrameSent(new HeadersFrame(1, Bytes.EMPTY, false, true), NOW)),
                new Input("sent DATA", new KeepaliveEvent.FrameSent(new DataFrame(1, Bytes.ofAscii("x"), false), NOW)),
                new Input("sent PING ACK", new KeepaliveEvent.FrameSent(new PingFrame(true, 7), NOW)),
                new Input("streams 0", new KeepaliveEvent.ActiveStreams(0, NOW)),
                new Input("streams 1", new KeepaliveEvent.ActiveStreams(1, NOW)),
                new Input("fired KEEPALIVE_PING", new KeepaliveEvent.TimerFired(Timer.KEEPALIVE_PING, NOW)),
                new Input("closed", new KeepaliveEvent.Closed(NOW)));
        return new Exploration<>(states, inputs, PingEnforcer::step, s -> s.phase().name(), KeepaliveTablesTest::describe);
    }

    static String describe(EnforcerState s) {
        if (s.phase() == EnforcerState.Phase.CLOSED) return "CLOSED";
        String last = s.lastValidPingNanos() == EnforcerState.NO_VALID_PING ? "none" : at(s.lastValidPingNanos(), NOW);
        return s.phase() + " streams=" + s.activeStreams() + " strikes=" + s.strikes() + " last valid " + last
                + (s.policy().permitWithoutStream() ? " permit" : "");
    }

    // ---- connection manager

    static ConnectionManagerState manager(ConnectionManagerConfig c, ConnectionManagerState.Phase p, int streams,
                                          long idleSince, long age, long grace) {
        return new ConnectionManagerState(c, p, streams, idleSince, age, grace);
    }

    static Exploration<ConnectionManagerState> manager() {
        long busy = ConnectionManagerState.NOT_IDLE;
        ConnectionManagerConfig noGrace = new ConnectionManagerConfig(10 * MINUTE, 30 * MINUTE, INFINITE);
        var serving = ConnectionManagerState.Phase.SERVING;
        var grace = ConnectionManagerState.Phase.AGE_GRACE;
        List<Sample<ConnectionManagerState>> states = List.of(
                new Sample<>("idle due", manager(LIMITS, serving, 0, NOW - 10 * MINUTE, NOW + 20 * MINUTE, INFINITE)),
                new Sample<>("idle not due", manager(LIMITS, serving, 0, NOW - 4 * MINUTE, NOW + 20 * MINUTE, INFINITE)),
                new Sample<>("idle, age due", manager(LIMITS, serving, 0, NOW - 5 * MINUTE, NOW, INFINITE)),
                new Sample<>("busy, age due", manager(LIMITS, serving, 2, busy, NOW, INFINITE)),
                new Sample<>("busy, age not due", manager(LIMITS, serving, 2, busy, NOW + 5 * MINUTE, INFINITE)),
                new Sample<>("age due", manager(LIMITS, ConnectionManagerState.Phase.IDLE_DRAINING, 0, NOW - 12 * MINUTE, NOW, INFINITE)),
                new Sample<>("grace due", manager(LIMITS, grace, 1, busy, NOW - MINUTE, NOW)),
                new Sample<>("grace not due", manager(LIMITS, grace, 1, busy, NOW - 30 * SECOND, NOW + 30 * SECOND)),
                new Sample<>("no grace limit", manager(noGrace, grace, 1, busy, NOW - MINUTE, INFINITE)),
                new Sample<>("closed", manager(LIMITS, ConnectionManagerState.Phase.CLOSED, 1, busy, NOW, INFINITE)));
        List<Input> inputs = List.of(
                new Input("streams 0", new KeepaliveEvent.ActiveStreams(0, NOW)),
                new Input("streams 1", new KeepaliveEvent.ActiveStreams(1, NOW)),
                new Input("fired MAX_CONNECTION_IDLE", new KeepaliveEvent.TimerFired(Timer.MAX_CONNECTION_IDLE, NOW)),
                new Input("fired MAX_CONNECTION_AGE", new KeepaliveEvent.TimerFired(Timer.MAX_CONNECTION_AGE, NOW)),
                new Input("fired MAX_CONNECTION_AGE_GRACE", new KeepaliveEvent.TimerFired(Timer.MAX_CONNECTION_AGE_GRACE, NOW)),
                new Input("fired KEEPALIVE_PING", new KeepaliveEvent.TimerFired(Timer.KEEPALIVE_PING, NOW)),
                new Input("read HEADERS", new KeepaliveEvent.FrameReceived(new HeadersFrame(3, Bytes.EMPTY, false, true), NOW)),
                new Input("closed", new KeepaliveEvent.Closed(NOW)));
        return new Exploration<>(states, inputs, ConnectionManager::step, s -> s.phase().name(), KeepaliveTablesTest::describe);
    }

    static String describe(ConnectionManagerState s) {
        if (s.phase() == ConnectionManagerState.Phase.CLOSED) return "CLOSED streams=" + s.activeStreams();
        String idle = s.idleSinceNanos() == ConnectionManagerState.NOT_IDLE ? "busy" : "idle since " + at(s.idleSinceNanos(), NOW);
        String text = s.phase() + " streams=" + s.activeStreams() + " " + idle + " age limit " + at(s.ageDeadlineNanos(), NOW);
        if (s.phase() == ConnectionManagerState.Phase.AGE_GRACE) text += " grace until " + at(s.graceDeadlineNanos(), NOW);
        return text;
    }

    // ---- the checks

    @Test
    @Checks({"KA-3", "KA-4", "KA-5", "KA-6", "KA-16"})
    void pingerTableAndDiagram() {
        Exploration<PingerState> x = pinger();
        GeneratedBlocks.check("spec/tables/keepalive-pinger.md", "table", x.table());
        GeneratedBlocks.check("spec/keepalive.md", "diagram", x.diagram(List.of("OFF", "WAITING"), "CLOSED"));
        // Only a timer or a call starting ever writes a PING; reads never do.
        for (var c : x.cells()) {
            boolean pings = c.step().actions().stream().anyMatch(a -> a instanceof io.grpcspec.spec.Actions.WriteFrame);
            if (pings) assertTrue(c.input().label().startsWith("fired KEEPALIVE_PING") || c.input().label().equals("streams 1"), c.toString());
        }
    }

    @Test
    @Checks({"KA-9", "KA-10", "KA-11", "KA-12"})
    void enforcerTableAndDiagram() {
        Exploration<EnforcerState> x = enforcer();
        GeneratedBlocks.check("spec/tables/keepalive-enforcer.md", "table", x.table());
        GeneratedBlocks.check("spec/keepalive.md", "diagram-enforcer", x.diagram(List.of("ENFORCING"), "CLOSED"));
        // The GOAWAY only ever answers a PING, and only from two strikes.
        for (var c : x.cells()) {
            boolean goAway = c.step().actions().stream().anyMatch(a -> a instanceof KeepaliveAction.GoAway);
            if (goAway) {
                assertEquals("read PING", c.input().label());
                assertEquals(2, c.from().state().strikes());
            }
        }
    }

    @Test
    @Checks({"KA-13", "KA-14", "KA-15"})
    void connectionManagerTableAndDiagram() {
        Exploration<ConnectionManagerState> x = manager();
        GeneratedBlocks.check("spec/tables/keepalive-connection-manager.md", "table", x.table());
        GeneratedBlocks.check("spec/keepalive.md", "diagram-connection-manager", x.diagram(List.of("SERVING"), "CLOSED"));
        // Reads never change anything here: A9 limits are about calls and time, not traffic.
        for (var c : x.cells()) {
            if (c.input().label().startsWith("read")) {
                assertEquals(c.from().state(), c.step().state());
                assertFalse(c.step().isViolation());
            }
        }
    }
}
