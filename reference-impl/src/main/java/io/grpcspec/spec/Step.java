package io.grpcspec.spec;

import io.grpcspec.wire.ErrorCode;
import java.util.List;

/**
 * The outcome of one transition {@code (state, event) -> Step}: either the next state with the
 * actions to perform, or the rule the event broke.
 */
public sealed interface Step<S> {

    /** The event was legal: move to {@code state} and perform {@code actions} in order. */
    record Next<S>(S state, List<Action> actions) implements Step<S> {
        public Next {
            actions = List.copyOf(actions);
        }
    }

    /** The event broke a rule; the state does not change (the driver ends the stream or connection). */
    record Violated<S>(Violation violation) implements Step<S> {}

    static <S> Step<S> next(S state, Action... actions) {
        return new Next<>(state, List.of(actions));
    }

    static <S> Step<S> next(S state, List<Action> actions) {
        return new Next<>(state, actions);
    }

    static <S> Step<S> connectionError(Rule rule, ErrorCode code, String detail) {
        return new Violated<>(new Violation(rule, code, Scope.CONNECTION, 0, detail));
    }

    static <S> Step<S> streamError(Rule rule, ErrorCode code, int streamId, String detail) {
        return new Violated<>(new Violation(rule, code, Scope.STREAM, streamId, detail));
    }

    static <S> Step<S> violated(Violation v) {
        return new Violated<>(v);
    }

    default boolean isViolation() {
        return switch (this) {
            case Next<S> n -> false;
            case Violated<S> v -> true;
        };
    }

    /** The next state; throws when this step is a violation (for tests of legal paths). */
    default S state() {
        return switch (this) {
            case Next<S> n -> n.state();
            case Violated<S> v -> throw new IllegalStateException("step is a violation: " + v.violation());
        };
    }

    /** The actions; empty for a violation. */
    default List<Action> actions() {
        return switch (this) {
            case Next<S> n -> n.actions();
            case Violated<S> v -> List.of();
        };
    }

    /** The violation; throws when the step is legal. */
    default Violation violation() {
        return switch (this) {
            case Next<S> n -> throw new IllegalStateException("step is legal: " + this);
            case Violated<S> v -> v.violation();
        };
    }
}
