package io.grpcspec.spec.connection;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Short, stable text for steps and actions in the generated tables. */
final class Render {
    private Render() {}

    static String frame(Frame f) {
        if (f instanceof SettingsFrame s) {
            return s.ack() ? "SETTINGS[ACK]"
                    : "SETTINGS[" + s.settings().stream().map(Setting::toString).collect(Collectors.joining(",")) + "]";
        }
        if (f instanceof GoAwayFrame g) {
            return "GOAWAY(" + (g.lastStreamId() == Integer.MAX_VALUE ? "2^31-1" : g.lastStreamId()) + ","
                    + ErrorCode.describe(g.errorCode()) + ")";
        }
        if (f instanceof PingFrame p) return "PING" + (p.ack() ? "[ACK]" : "") + "(0x" + Long.toHexString(p.opaqueData()) + ")";
        if (f instanceof WindowUpdateFrame w) return "WINDOW_UPDATE(" + w.streamId() + ",+" + w.increment() + ")";
        return f.typeName();
    }

    static String action(Action a) {
        if (a instanceof Actions.WriteFrame w) return "write " + frame(w.frame());
        if (a instanceof Actions.ArmTimer t) return "arm " + t.timer();
        if (a instanceof Actions.CancelTimer t) return "cancel " + t.timer();
        if (a instanceof Actions.CloseConnection) return "close";
        if (a instanceof Actions.PeerTolerated t) {
            return "report " + t.violation().rule().id() + " (strict: " + t.violation().code() + " " + t.violation().scope().name().toLowerCase() + ")";
        }
        if (a instanceof ConnectionActions.WritePreface) return "write preface";
        if (a instanceof ConnectionActions.HandshakeComplete) return "handshake complete";
        if (a instanceof ConnectionActions.PeerGoingAway g) return "peer going away(" + g.lastStreamId() + ")";
        if (a instanceof ConnectionActions.StreamsNotProcessed n) return "not processed " + n.streamIds();
        if (a instanceof ConnectionActions.IgnoreStream i) return "ignore stream " + i.streamId();
        if (a instanceof SettingsChange.PeerSettingsApplied) return "apply peer settings";
        if (a instanceof SettingsChange.LocalSettingsAcknowledged) return "apply own settings";
        return a.toString();
    }

    static String actions(List<Action> actions) {
        return actions.stream().map(Render::action).collect(Collectors.joining("; "));
    }

    static String violation(Violation v) {
        return "✗ " + v.rule().id() + " " + v.code() + " (" + v.scope().name().toLowerCase() + ")";
    }

    /** The outcome of one step for a table cell. */
    static String outcome(ConnectionState before, Supplier<Step<ConnectionState>> step) {
        Step<ConnectionState> s;
        try {
            s = step.get();
        } catch (IllegalStateException e) {
            return "n/a (not an input in this phase)";
        }
        if (s.isViolation()) return violation(s.violation());
        ConnectionState after = s.state();
        String acts = s.actions().isEmpty() ? "" : ": " + actions(s.actions());
        if (after.equals(before)) return s.actions().isEmpty() ? "= (ignored)" : "= (no change)" + acts;
        if (after.phase() == before.phase()) return "= " + after.phase() + " (updated)" + acts;
        return "→ " + after.phase() + acts;
    }
}
