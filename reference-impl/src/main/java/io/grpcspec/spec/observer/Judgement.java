package io.grpcspec.spec.observer;

import io.grpcspec.spec.Rule;
import java.util.Objects;

/**
 * What an observer concluded about the peer for one rule: it broke the rule ({@link Broken}: a
 * failure for a MUST, a warning for a SHOULD or MAY) or met a situation where the rule applied
 * and kept it ({@link Kept}, which is what "exercised" means in the oracle's report).
 */
public sealed interface Judgement {

    Rule rule();

    /**
     * The peer broke {@code rule}.
     *
     * @param streamId the stream concerned, 0 for the connection or when unknown
     * @param detail   what exactly happened, in one line
     * @param answer   what the server did about it ("GOAWAY PROTOCOL_ERROR", "ignored", "none: observed only", …)
     */
    record Broken(Rule rule, int streamId, String detail, String answer) implements Judgement {
        public Broken {
            Objects.requireNonNull(rule);
            Objects.requireNonNull(detail);
            Objects.requireNonNull(answer);
        }
    }

    /** The rule applied to something the peer did, and the peer kept it. */
    record Kept(Rule rule) implements Judgement {
        public Kept {
            Objects.requireNonNull(rule);
        }
    }
}
