package io.grpcspec.hpack;

import io.grpcspec.wire.ErrorCode;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;

/**
 * Why a header block could not be decoded: the rule it broke, the offset (from the start of the
 * block) of the representation or element at fault, and a human-readable detail.
 *
 * <p>Every such failure is a connection error of type COMPRESSION_ERROR (RFC 9113 §4.3): the
 * decoder's dynamic table may now differ from the peer's, so no later block can be trusted.
 */
public record HpackError(Rule rule, int offset, String detail) {

    public ErrorCode code() {
        return ErrorCode.COMPRESSION_ERROR;
    }

    public Scope scope() {
        return Scope.CONNECTION;
    }

    @Override
    public String toString() {
        return "COMPRESSION_ERROR " + rule.id() + " at offset " + offset + ": " + detail;
    }
}
