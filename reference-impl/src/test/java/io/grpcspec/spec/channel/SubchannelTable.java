package io.grpcspec.spec.channel;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Mermaid;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs the subchannel machine over one representative state per connectivity state and every
 * kind of event, for the snapshot table and the Mermaid diagram. Every representative state is
 * reached by driving the machine itself from {@link SubchannelState#initial()}; each has seen
 * two attempts, so events can name a superseded attempt (1), the current one (2) and one never
 * started (3).
 */
final class SubchannelTable {
    private SubchannelTable() {}

    static final SubchannelMachine M = SubchannelMachine.DEFAULT;

    /** A state per connectivity state, in enum order. */
    static Map<ConnectivityState, SubchannelState> representatives() {
        SubchannelState s = drive(SubchannelState.initial(),
                new Connect(0), new TransportClosed(1, "refused"), new TimerFired(Timer.RECONNECT_BACKOFF, 1),
                new Connect(0));
        Map<ConnectivityState, SubchannelState> m = new LinkedHashMap<>();
        SubchannelState failed = drive(s, new TransportClosed(2, "refused"));
        m.put(ConnectivityState.IDLE, drive(failed, new TimerFired(Timer.RECONNECT_BACKOFF, 2)));
        m.put(ConnectivityState.CONNECTING, s);
        m.put(ConnectivityState.READY, drive(s, new TransportReady(2)));
        m.put(ConnectivityState.TRANSIENT_FAILURE, failed);
        m.put(ConnectivityState.SHUTDOWN, drive(s, new Shutdown()));
        return m;
    }

    /** One event of every kind, with stale (1), current (2) and never-started (3) attempts. */
    static List<SubchannelEvent> events() {
        return List.of(
                new Connect(0),
                new TransportCreated(2),
                new TransportReady(2),
                new TransportClosed(2, "EOF"),
                new GoAwayReceived(2, "GOAWAY NO_ERROR"),
                new TimerFired(Timer.CONNECT_TIMEOUT, 2),
                new TimerFired(Timer.RECONNECT_BACKOFF, 2),
                new ResetBackoff(),
                new Shutdown(),
                new TransportCreated(1),
                new TransportReady(1),
                new TransportClosed(1, "EOF"),
                new TimerFired(Timer.CONNECT_TIMEOUT, 1),
                new TransportReady(3),
                new TimerFired(Timer.RECONNECT_BACKOFF, 3),
                new TimerFired(Timer.KEEPALIVE_PING, 2));
    }

    static SubchannelState drive(SubchannelState s, SubchannelEvent... events) {
        for (SubchannelEvent e : events) s = M.step(s, e).state();
        return s;
    }

    /** The snapshot: one row per (state, event). */
    static String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| state | event | outcome | actions |\n");
        sb.append("|---|---|---|---|\n");
        for (var entry : representatives().entrySet()) {
            SubchannelState s = entry.getValue();
            for (SubchannelEvent e : events()) {
                Step<SubchannelState> step = M.step(s, e);
                String outcome;
                String actions;
                if (step.isViolation()) {
                    outcome = "refused " + step.violation().rule().id();
                    actions = step.violation().detail();
                } else if (step.state().equals(s)) {
                    boolean onlyIgnored = step.actions().stream().allMatch(a -> a instanceof Ignored);
                    outcome = step.actions().isEmpty() ? "unchanged" : onlyIgnored ? "ignored" : "stays";
                    actions = describe(step.actions());
                } else {
                    outcome = step.state().state() == s.state() ? "stays (" + changes(s, step.state()) + ")"
                            : "→ " + step.state().state() + changes(s, step.state()).replaceFirst("^(.+)$", " ($1)");
                    actions = describe(step.actions());
                }
                sb.append("| ").append(entry.getKey()).append(" | ").append(label(e, true)).append(" | ")
                        .append(outcome).append(" | ").append(actions.isEmpty() ? "—" : actions).append(" |\n");
            }
        }
        return sb.toString();
    }

    /** The diagram: every state change the machine makes from the representative states. */
    static String diagram() {
        List<Mermaid.Edge> edges = new ArrayList<>();
        edges.add(new Mermaid.Edge("[*]", "", "IDLE"));
        for (SubchannelState s : representatives().values()) {
            for (SubchannelEvent e : events()) {
                Step<SubchannelState> step = M.step(s, e);
                if (!step.isViolation() && step.state().state() != s.state()) {
                    edges.add(new Mermaid.Edge(s.state().name(), label(e, false), step.state().state().name()));
                }
            }
        }
        edges.add(new Mermaid.Edge("SHUTDOWN", "", "[*]"));
        return Mermaid.stateDiagram(edges);
    }

    private static String changes(SubchannelState from, SubchannelState to) {
        List<String> c = new ArrayList<>();
        if (from.attempt() != to.attempt()) c.add("attempt " + to.attempt());
        if (from.backoffIndex() != to.backoffIndex()) c.add("backoff #" + to.backoffIndex());
        if (from.backoffNanos() != to.backoffNanos()) c.add("backoff " + ms(to.backoffNanos()));
        return String.join(", ", c);
    }

    /** An event as a short label; with {@code detail}, the attempt or key it names. */
    static String label(SubchannelEvent e, boolean detail) {
        return switch (e) {
            case Connect c -> detail ? "Connect(jitter " + c.jitter() + ")" : "Connect";
            case TransportCreated c -> detail ? "TransportCreated(" + c.attempt() + ")" : "TransportCreated";
            case TransportReady r -> detail ? "TransportReady(" + r.attempt() + ")" : "TransportReady";
            case TransportClosed c -> detail ? "TransportClosed(" + c.attempt() + ")" : "TransportClosed";
            case GoAwayReceived g -> detail ? "GoAwayReceived(" + g.attempt() + ")" : "GoAwayReceived";
            case TimerFired t -> "TimerFired(" + t.timer() + (detail ? ", " + t.key() : "") + ")";
            case ResetBackoff r -> "ResetBackoff";
            case Shutdown d -> "Shutdown";
        };
    }

    static String describe(List<Action> actions) {
        return actions.stream().map(SubchannelTable::describe).collect(Collectors.joining("; "));
    }

    static String describe(Action a) {
        return switch ((SubchannelAction) a) {
            case ArmTimer t -> "ArmTimer(" + t.timer() + ", " + t.attempt() + ", " + ms(t.delayNanos()) + ")";
            case CancelTimer t -> "CancelTimer(" + t.timer() + ", " + t.attempt() + ")";
            case StartConnect c -> "StartConnect(" + c.attempt() + ", " + ms(c.connectTimeoutNanos()) + ")";
            case CloseTransport c -> "CloseTransport(" + c.attempt() + ", " + c.reason() + ")";
            case StateChanged c -> "StateChanged(" + c.from() + " → " + c.to() + (c.cause().isEmpty() ? "" : ", " + c.cause()) + ")";
            case Ignored i -> "Ignored(" + i.reason() + ")";
        };
    }

    private static String ms(long nanos) {
        return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + " ms" : nanos + " ns";
    }
}
