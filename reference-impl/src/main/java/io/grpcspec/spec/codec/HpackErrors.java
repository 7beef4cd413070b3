package io.grpcspec.spec.codec;

import static io.grpcspec.spec.codec.HpackRules.*;

import io.grpcspec.hpack.DecodeResult;
import io.grpcspec.hpack.HpackError;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Violation;
import io.grpcspec.wire.ErrorCode;

/**
 * The spec's answer to a header block that did not decode cleanly.
 *
 * <p>A block that breaks RFC 7541 ({@link DecodeResult.Failed}) is a connection error of type
 * COMPRESSION_ERROR (RFC 9113 §4.3): the two dynamic tables may now disagree, so no later block
 * can be trusted. A header list over our SETTINGS_MAX_HEADER_LIST_SIZE ({@link DecodeResult.ListTooLarge})
 * leaves the tables in sync ({@link HpackRules#HP_14}): only its stream is refused, with
 * FRAME_SIZE_ERROR, the code grpc-go sends for it (REFUSED_STREAM would invite a retry of the
 * same oversized request). Issue #9 revisits that choice.
 */
public final class HpackErrors {
    private HpackErrors() {}

    /** The rule a failed block broke. */
    public static Rule rule(HpackError.Kind kind) {
        return switch (kind) {
            case INDEX_ZERO -> HP_1;
            case INDEX_OUT_OF_RANGE -> HP_2;
            case INTEGER_OVERFLOW -> HP_3;
            case INTEGER_TRUNCATED -> HP_4;
            case STRING_TRUNCATED -> HP_5;
            case HUFFMAN_EOS -> HP_6;
            case HUFFMAN_PADDING_TOO_LONG -> HP_7;
            case HUFFMAN_PADDING_NOT_ONES -> HP_8;
            case SIZE_UPDATE_AFTER_FIELD -> HP_9;
            case SIZE_UPDATE_ABOVE_LIMIT -> HP_10;
            case SIZE_UPDATE_MISSING -> HP_11;
        };
    }

    /** A failed block: a COMPRESSION_ERROR connection error naming the rule and the offset. */
    public static Violation violation(HpackError e) {
        return new Violation(rule(e.kind()), ErrorCode.COMPRESSION_ERROR, Scope.CONNECTION, 0,
                e.detail() + " (offset " + e.offset() + ")");
    }

    /** A header list over our limit on {@code streamId}: a FRAME_SIZE_ERROR stream error. */
    public static Violation listTooLarge(DecodeResult.ListTooLarge big, int streamId) {
        return new Violation(HP_14, ErrorCode.FRAME_SIZE_ERROR, Scope.STREAM, streamId,
                big.detail() + ", limit " + big.limit());
    }

    /** One line for reports and the CLI: {@code COMPRESSION_ERROR HP-1 at offset 1: detail}. */
    public static String describe(HpackError e) {
        return ErrorCode.COMPRESSION_ERROR + " " + rule(e.kind()).id() + " at offset " + e.offset() + ": " + e.detail();
    }
}
