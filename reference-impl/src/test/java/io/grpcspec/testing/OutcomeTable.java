package io.grpcspec.testing;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.wire.FrameFormat;
import io.grpcspec.spec.Step;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Renders an exhaustive (state × event) snapshot table: one Markdown row per pair, with the next
 * state and actions of a legal step, or the rule, code and scope of a violation. Reviewed like
 * code in {@code spec/tables/}.
 */
public final class OutcomeTable {
    private final StringBuilder sb = new StringBuilder();

    public OutcomeTable(String stateHeader, String eventHeader) {
        sb.append("| ").append(stateHeader).append(" | ").append(eventHeader).append(" | outcome |\n|---|---|---|\n");
    }

    /** Adds the row for one pair; {@code stateName} names a legal step's next state. */
    public <S> OutcomeTable row(String state, String event, Step<S> step, Function<S, String> stateName) {
        String outcome;
        if (step.isViolation()) {
            var v = step.violation();
            outcome = "**" + v.rule().id() + "** " + v.code() + " (" + v.scope().name().toLowerCase() + ")";
        } else {
            String actions = step.actions().stream().map(OutcomeTable::action).collect(Collectors.joining(", "));
            outcome = "→ " + stateName.apply(step.state()) + (actions.isEmpty() ? "" : "; " + actions);
        }
        sb.append("| ").append(state).append(" | ").append(event).append(" | ").append(outcome.replace("|", "\\|")).append(" |\n");
        return this;
    }

    /** Adds a row whose input is refused by throwing (a local programming error, not a protocol event). */
    public OutcomeTable refused(String state, String event, RuntimeException e) {
        sb.append("| ").append(state).append(" | ").append(event).append(" | refused: ")
                .append(e.getClass().getSimpleName()).append(" |\n");
        return this;
    }

    /** Short, stable text for an action: frames as a trace line, timers by name, the rest by type. */
    private static String action(Action a) {
        if (a instanceof Actions.WriteFrame w) return "write " + FrameFormat.describe(w.frame());
        if (a instanceof Actions.ArmTimer t) return "arm " + t.timer();
        if (a instanceof Actions.CancelTimer t) return "cancel " + t.timer();
        return a.getClass().getSimpleName();
    }

    public String markdown() {
        return sb.toString();
    }

    /** A state or input with the name its table row shows. */
    public record Named<T>(String name, T value) {}
}
