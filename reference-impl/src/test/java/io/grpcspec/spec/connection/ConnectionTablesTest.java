package io.grpcspec.spec.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Event;
import io.grpcspec.spec.Mermaid;
import io.grpcspec.spec.Role;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.testing.Checks;
import io.grpcspec.testing.GeneratedBlocks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Snapshots of the lifecycle machine: every (representative state, event) pair for both roles
 * in spec/tables/connection-lifecycle.md, and state diagrams computed from the transition
 * functions in spec/connection.md and spec/goaway.md. Regenerate with
 * -Dgrpcspec.regenerate=true and review the diff.
 */
class ConnectionTablesTest {

    record Named<T>(String name, T value) {}

    static final Violation EXAMPLE_ERROR = new Violation(SettingsRules.SET_6, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0, "example");

    static List<Named<ConnectionState>> states(Role role) {
        List<Named<ConnectionState>> out = new ArrayList<>();
        ConnectionState fresh = Conn.fresh(role);
        out.add(new Named<>("IDLE", fresh));
        ConnectionState started = Conn.started(role);
        int local = role == Role.CLIENT ? 1 : 2;
        int peer = role == Role.CLIENT ? 2 : 1;
        int open = role == Role.CLIENT ? local : peer;
        if (role == Role.SERVER) {
            out.add(new Named<>("AWAIT_PREFACE", started));
            out.add(new Named<>("AWAIT_SETTINGS", Conn.run(started, Conn.preface())));
        } else {
            out.add(new Named<>("AWAIT_SERVER_SETTINGS", started));
        }
        ConnectionState up = Conn.run(Conn.operational(role), new ConnectionEvent.StreamOpened(open));
        out.add(new Named<>("OPERATIONAL (stream " + open + " open)", up));
        if (role == Role.SERVER) {
            ConnectionState headsUp = Conn.run(up, new ConnectionEvent.Shutdown(Conn.PING));
            out.add(new Named<>("DRAINING (GOAWAY 2^31-1 + PING sent)", headsUp));
            out.add(new Named<>("DRAINING (final GOAWAY 1 sent)", Conn.run(headsUp, Conn.frame(new PingFrame(true, Conn.PING)))));
            out.add(new Named<>("DRAINING (GOAWAY 0 received)", Conn.run(up, goAway(0))));
        } else {
            out.add(new Named<>("DRAINING (GOAWAY 0 sent)", Conn.run(up, new ConnectionEvent.Shutdown(Conn.PING))));
            out.add(new Named<>("DRAINING (GOAWAY 2^31-1 received)", Conn.run(up, goAway(Integer.MAX_VALUE))));
        }
        out.add(new Named<>("CLOSED", Conn.run(up, new ConnectionEvent.PeerClosed())));
        return out;
    }

    static ConnectionEvent goAway(int last) {
        return Conn.frame(new GoAwayFrame(last, ErrorCode.NO_ERROR, Bytes.EMPTY));
    }

    static List<Named<ConnectionEvent>> events(Role role) {
        int local = role == Role.CLIENT ? 3 : 2;
        int peer = role == Role.CLIENT ? 2 : 3;
        int goAwayLast = role == Role.CLIENT ? 1 : 0;
        List<Named<ConnectionEvent>> e = new ArrayList<>();
        e.add(new Named<>("Start", new ConnectionEvent.Start()));
        e.add(new Named<>("preface (valid)", Conn.preface()));
        e.add(new Named<>("preface (HTTP/1.1 request)", Conn.greeting("GET / HTTP/1.1\r\nHost: a\r\n\r\n")));
        e.add(new Named<>("SETTINGS[]", Conn.settings()));
        e.add(new Named<>("SETTINGS[MAX_FRAME_SIZE=1]", Conn.settings(new Setting(SettingId.MAX_FRAME_SIZE, 1))));
        e.add(new Named<>("SETTINGS[ACK]", Conn.frame(SettingsFrame.ACK_FRAME)));
        e.add(new Named<>("WINDOW_UPDATE(0,+1)", Conn.frame(new WindowUpdateFrame(0, 1))));
        e.add(new Named<>("PING[ACK] (shutdown payload)", Conn.frame(new PingFrame(true, Conn.PING))));
        e.add(new Named<>("GOAWAY(" + goAwayLast + ",NO_ERROR)", goAway(goAwayLast)));
        e.add(new Named<>("GOAWAY(2,NO_ERROR)", goAway(2)));
        e.add(new Named<>("SendSettings[INITIAL_WINDOW_SIZE=1048576]",
                new ConnectionEvent.SendSettings(List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, 1 << 20)))));
        e.add(new Named<>("StreamOpened(" + local + ", ours)", new ConnectionEvent.StreamOpened(local)));
        e.add(new Named<>("StreamOpened(" + peer + ", peer's)", new ConnectionEvent.StreamOpened(peer)));
        e.add(new Named<>("StreamClosed(" + (role == Role.CLIENT ? 1 : 1) + ")", new ConnectionEvent.StreamClosed(1)));
        e.add(new Named<>("Shutdown", new ConnectionEvent.Shutdown(Conn.PING)));
        e.add(new Named<>("ConnectionError(PROTOCOL_ERROR)", new ConnectionEvent.ConnectionError(EXAMPLE_ERROR)));
        e.add(new Named<>("timer HANDSHAKE", new ConnectionEvent.TimerFired(Timer.HANDSHAKE)));
        e.add(new Named<>("timer PREFACE", new ConnectionEvent.TimerFired(Timer.PREFACE)));
        e.add(new Named<>("timer SETTINGS_ACK", new ConnectionEvent.TimerFired(Timer.SETTINGS_ACK)));
        e.add(new Named<>("timer GOAWAY_PING", new ConnectionEvent.TimerFired(Timer.GOAWAY_PING)));
        e.add(new Named<>("PeerClosed", new ConnectionEvent.PeerClosed()));
        return e;
    }

    static String table(Role role) {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(role == Role.CLIENT ? "Client" : "Server").append("\n\n");
        sb.append("| State | Event | Outcome |\n|---|---|---|\n");
        for (Named<ConnectionState> s : states(role)) {
            for (Named<ConnectionEvent> e : events(role)) {
                String outcome = Render.outcome(s.value(), () -> ConnectionLifecycle.step(s.value(), e.value()));
                sb.append("| ").append(s.name()).append(" | ").append(e.name()).append(" | ")
                        .append(outcome.replace("|", "\\|")).append(" |\n");
            }
        }
        return sb.toString();
    }

    @Test
    @Checks({"CONN-1", "CONN-2", "CONN-3", "CONN-4", "CONN-5", "CONN-8", "CONN-9", "GA-8", "GA-10"})
    void lifecycleTableSnapshot() {
        String text = table(Role.CLIENT) + "\n" + table(Role.SERVER);
        // a few pairs the table must show whatever else changes (guards against a blind regenerate)
        assertTrue(text.contains("| AWAIT_PREFACE | preface (HTTP/1.1 request) | ✗ CONN-3 PROTOCOL_ERROR (connection) |"));
        assertTrue(text.contains("| AWAIT_SERVER_SETTINGS | SETTINGS[ACK] | ✗ CONN-4 PROTOCOL_ERROR (connection) |"));
        assertTrue(text.contains("| CLOSED | Start | = (ignored) |"));
        GeneratedBlocks.check("spec/tables/connection-lifecycle.md", "lifecycle", text);
    }

    /** Every state reachable with {@code alphabet} from the initial state, breadth first. */
    static <S> List<Mermaid.Edge> explore(S start, List<Named<ConnectionEvent>> alphabet, BiFunction<S, ConnectionEvent, Step<S>> step,
                                          java.util.function.Function<S, String> label, java.util.function.Function<Step<S>, Boolean> closes) {
        List<Mermaid.Edge> edges = new ArrayList<>();
        Set<S> seen = new HashSet<>();
        Deque<S> todo = new ArrayDeque<>();
        todo.add(start);
        seen.add(start);
        while (!todo.isEmpty()) {
            S s = todo.poll();
            for (Named<ConnectionEvent> e : alphabet) {
                Step<S> next;
                try {
                    next = step.apply(s, e.value());
                } catch (IllegalStateException notAnInput) {
                    continue;
                }
                String from = label.apply(s);
                if (next.isViolation()) {
                    edges.add(new Mermaid.Edge(from, e.name() + " / " + next.violation().rule().id(), "CLOSED"));
                    continue;
                }
                String to = closes.apply(next) ? "CLOSED" : label.apply(next.state());
                if (!to.equals(from)) edges.add(new Mermaid.Edge(from, e.name(), to));
                if (seen.add(next.state())) todo.add(next.state());
            }
        }
        return edges;
    }

    /** Merges the labels of parallel edges so each arrow appears once. */
    static List<Mermaid.Edge> merge(List<Mermaid.Edge> edges) {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (Mermaid.Edge e : edges) {
            List<String> l = labels.computeIfAbsent(e.from() + "\u0000" + e.to(), k -> new ArrayList<>());
            if (!l.contains(e.label())) l.add(e.label());
        }
        List<Mermaid.Edge> out = new ArrayList<>();
        labels.forEach((k, l) -> {
            String[] ft = k.split("\u0000");
            out.add(new Mermaid.Edge(ft[0], String.join(", ", l), ft[1]));
        });
        return out;
    }

    static List<Named<ConnectionEvent>> diagramAlphabet(Role role) {
        int local = role == Role.CLIENT ? 1 : 2;
        int peer = role == Role.CLIENT ? 2 : 1;
        List<Named<ConnectionEvent>> a = new ArrayList<>();
        a.add(new Named<>("Start", new ConnectionEvent.Start()));
        a.add(new Named<>("preface", Conn.preface()));
        a.add(new Named<>("bogus preface", Conn.greeting("GET / HTTP/1.1\r\n\r\n")));
        a.add(new Named<>("SETTINGS", Conn.settings()));
        a.add(new Named<>("other frame", Conn.frame(new WindowUpdateFrame(0, 1))));
        a.add(new Named<>("GOAWAY", goAway(role == Role.CLIENT ? 1 : 0)));
        a.add(new Named<>("PING ACK", Conn.frame(new PingFrame(true, Conn.PING))));
        a.add(new Named<>("StreamOpened", new ConnectionEvent.StreamOpened(local)));
        a.add(new Named<>("StreamOpened", new ConnectionEvent.StreamOpened(peer)));
        a.add(new Named<>("StreamClosed", new ConnectionEvent.StreamClosed(local)));
        a.add(new Named<>("StreamClosed", new ConnectionEvent.StreamClosed(peer)));
        a.add(new Named<>("Shutdown", new ConnectionEvent.Shutdown(Conn.PING)));
        a.add(new Named<>("ConnectionError", new ConnectionEvent.ConnectionError(EXAMPLE_ERROR)));
        a.add(new Named<>("HANDSHAKE timer", new ConnectionEvent.TimerFired(Timer.HANDSHAKE)));
        a.add(new Named<>("PREFACE timer", new ConnectionEvent.TimerFired(Timer.PREFACE)));
        a.add(new Named<>("GOAWAY_PING timer", new ConnectionEvent.TimerFired(Timer.GOAWAY_PING)));
        a.add(new Named<>("PeerClosed", new ConnectionEvent.PeerClosed()));
        return a;
    }

    static String lifecycleDiagram() {
        List<Mermaid.Edge> edges = new ArrayList<>();
        edges.add(new Mermaid.Edge("[*]", "", "IDLE"));
        for (Role role : Role.values()) {
            edges.addAll(explore(Conn.fresh(role), diagramAlphabet(role), ConnectionLifecycle::step,
                    s -> s.phase().name(), GoAway::closes));
        }
        edges.add(new Mermaid.Edge("CLOSED", "", "[*]"));
        return Mermaid.stateDiagram(merge(edges));
    }

    @Test
    @Checks({"CONN-1", "CONN-2", "CONN-4", "GA-9"})
    void connectionDiagram() {
        String d = lifecycleDiagram();
        assertTrue(d.contains("AWAIT_PREFACE --> AWAIT_SETTINGS : preface"));
        assertTrue(d.contains("AWAIT_SERVER_SETTINGS --> OPERATIONAL : SETTINGS"));
        GeneratedBlocks.check("spec/connection.md", "diagram", d);
    }

    /** GOAWAY stage names for the diagram. */
    static String stage(GoAwayState g) {
        String sent = switch (g.sent()) {
            case NONE -> "";
            case HEADS_UP -> "HEADS_UP_SENT";
            case FINAL -> "FINAL_SENT";
        };
        String got = g.received() ? "RECEIVED" : "";
        if (sent.isEmpty() && got.isEmpty()) return "NO_GOAWAY";
        return sent.isEmpty() ? got : got.isEmpty() ? sent : sent + "_AND_" + got;
    }

    static String goAwayDiagram() {
        Map<String, Set<String>> roles = new LinkedHashMap<>();
        List<Mermaid.Edge> all = new ArrayList<>();
        for (Role role : Role.values()) {
            int peer = role == Role.CLIENT ? 2 : 1;
            int local = role == Role.CLIENT ? 1 : 2;
            long timeout = ConnectionConfig.DEFAULT_GOAWAY_PING_TIMEOUT_NANOS;
            List<Named<ConnectionEvent>> alphabet = List.of(
                    new Named<>("Shutdown", new ConnectionEvent.Shutdown(Conn.PING)),
                    new Named<>("PING ACK", Conn.frame(new PingFrame(true, Conn.PING))),
                    new Named<>("GOAWAY_PING timer", new ConnectionEvent.TimerFired(Timer.GOAWAY_PING)),
                    new Named<>("GOAWAY received", goAway(role == Role.CLIENT ? 1 : 0)),
                    new Named<>("stream opened", new ConnectionEvent.StreamOpened(local)),
                    new Named<>("stream opened", new ConnectionEvent.StreamOpened(peer)),
                    new Named<>("last stream closed", new ConnectionEvent.StreamClosed(local)),
                    new Named<>("last stream closed", new ConnectionEvent.StreamClosed(peer)),
                    new Named<>("connection error", new ConnectionEvent.ConnectionError(EXAMPLE_ERROR)));
            BiFunction<GoAwayState, ConnectionEvent, Step<GoAwayState>> step = (g, e) -> goAwayStep(g, e, timeout);
            for (Mermaid.Edge edge : explore(GoAwayState.initial(role), alphabet, step, ConnectionTablesTest::stage, GoAway::closes)) {
                // "last stream closed" only counts when it closed the last one
                if (edge.label().equals("last stream closed") && !edge.to().equals("CLOSED")) continue;
                roles.computeIfAbsent(edge.toString(), k -> new HashSet<>()).add(role.name().toLowerCase());
                all.add(edge);
            }
        }
        List<Mermaid.Edge> labelled = new ArrayList<>();
        labelled.add(new Mermaid.Edge("[*]", "", "NO_GOAWAY"));
        for (Mermaid.Edge e : all) {
            Set<String> r = roles.get(e.toString());
            String label = r.size() == 2 ? e.label() : r.iterator().next() + " " + e.label();
            labelled.add(new Mermaid.Edge(e.from(), label, e.to()));
        }
        labelled.add(new Mermaid.Edge("CLOSED", "", "[*]"));
        return Mermaid.stateDiagram(merge(labelled));
    }

    /** The GOAWAY part of the lifecycle, called the way ConnectionLifecycle calls it. */
    static Step<GoAwayState> goAwayStep(GoAwayState g, ConnectionEvent e, long timeout) {
        if (e instanceof ConnectionEvent.Shutdown s) return GoAway.shutdown(g, s.pingData(), timeout);
        if (e instanceof ConnectionEvent.FrameReceived f && f.frame() instanceof PingFrame p) return GoAway.pingAcked(g, p.opaqueData());
        if (e instanceof ConnectionEvent.FrameReceived f && f.frame() instanceof GoAwayFrame ga) return GoAway.received(g, ga);
        if (e instanceof ConnectionEvent.TimerFired) return GoAway.pingTimerFired(g);
        if (e instanceof ConnectionEvent.StreamOpened o) return GoAway.streamOpened(g, o.streamId());
        if (e instanceof ConnectionEvent.StreamClosed c) return GoAway.streamClosed(g, c.streamId());
        if (e instanceof ConnectionEvent.ConnectionError ce) return GoAway.abort(g, ce.violation());
        throw new IllegalStateException();
    }

    @Test
    @Checks({"GA-1", "GA-2", "GA-9", "GA-10"})
    void goAwayDiagramSnapshot() {
        String d = goAwayDiagram();
        assertTrue(d.contains("NO_GOAWAY --> HEADS_UP_SENT : server Shutdown"));
        assertTrue(d.contains("HEADS_UP_SENT --> FINAL_SENT : "));
        GeneratedBlocks.check("spec/goaway.md", "diagram", d);
    }

    @Test
    @Checks("CONN-9")
    void everyRepresentativeStateIsDistinctAndNamedByItsPhase() {
        for (Role role : Role.values()) {
            List<Named<ConnectionState>> states = states(role);
            assertEquals(states.size(), new HashSet<>(states.stream().map(Named::value).toList()).size());
            for (Named<ConnectionState> s : states) assertTrue(s.name().startsWith(s.value().phase().name()), s.name());
        }
    }
}
