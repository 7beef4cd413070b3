package io.grpcspec.spec.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;

/** Assertions on the exact violation a step reports. */
public final class Violations {
    private Violations() {}

    public static Violation assertViolated(Step<?> step, Rule rule, ErrorCode code, Scope scope, int streamId) {
        assertTrue(step.isViolation(), () -> "expected " + rule + " but the step was legal: " + step);
        Violation v = step.violation();
        assertEquals(rule, v.rule(), () -> "rule of " + v);
        assertEquals(code, v.code(), () -> "code of " + v);
        assertEquals(scope, v.scope(), () -> "scope of " + v);
        assertEquals(streamId, v.streamId(), () -> "stream of " + v);
        return v;
    }

    public static <S> S assertLegal(Step<S> step) {
        assertTrue(!step.isViolation(), () -> "expected a legal step, got " + step);
        return step.state();
    }
}
