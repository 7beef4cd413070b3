package io.grpcspec.spec.keepalive;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.PingFrame;
import java.util.List;
import java.util.stream.Collectors;

/** Short, stable text for actions and frames in the generated tables. */
final class Render {
    private Render() {}

    static String actions(Step<?> step) {
        if (step.isViolation()) return "VIOLATION " + step.violation();
        List<Action> actions = step.actions();
        if (actions.isEmpty()) return "—";
        return actions.stream().map(Render::action).collect(Collectors.joining("; "));
    }

    static String action(Action a) {
        if (a instanceof Actions.WriteFrame w) return "write " + frame(w.frame());
        if (a instanceof Actions.ArmTimer t) return "arm " + t.timer() + " " + Durations.format(t.delayNanos());
        if (a instanceof Actions.CancelTimer t) return "cancel " + t.timer();
        if (a instanceof Actions.CloseConnection c) return "close";
        if (a instanceof KeepaliveAction.GracefulGoAway g) return "graceful GOAWAY \"" + g.debugData().ascii() + "\"";
        if (a instanceof KeepaliveAction.GoAway g) {
            return "GOAWAY " + g.code() + " \"" + g.debugData().ascii() + "\" (" + g.rule().id() + ")";
        }
        if (a instanceof KeepaliveAction.ConnectionBroken b) return "broken " + b.grpcStatus();
        return a.toString();
    }

    static String frame(Frame f) {
        if (f instanceof PingFrame p) return (p.ack() ? "PING ACK " : "PING ") + payload(p.opaqueData());
        return f.typeName();
    }

    static String payload(long p) {
        if ((p & 0xffff_ffff_0000_0000L) == KeepalivePinger.PAYLOAD_TAG) return "keepalive#" + (p & 0xffff_ffffL);
        return String.format("0x%016x", p);
    }

    /** A time relative to the table's "now": {@code now}, {@code now-30s}, {@code now+1min}. */
    static String at(long t, long now) {
        if (t == Durations.INFINITE) return "never";
        if (t == now) return "now";
        return t < now ? "now-" + Durations.format(now - t) : "now+" + Durations.format(t - now);
    }
}
