package io.grpcspec.spec;

import io.grpcspec.wire.ErrorCode;

/**
 * A broken rule: which one, the RFC error code the peer gets, whether it ends the connection
 * (GOAWAY) or one stream (RST_STREAM, {@code streamId} names it), and what exactly happened.
 */
public record Violation(Rule rule, ErrorCode code, Scope scope, int streamId, String detail) {

    @Override
    public String toString() {
        return rule.id() + " " + code + " (" + scope.name().toLowerCase()
                + (scope == Scope.STREAM ? " " + streamId : "") + "): " + detail;
    }
}
