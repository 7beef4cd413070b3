package io.grpcspec.spec.codec;

import static io.grpcspec.spec.codec.HpackRules.*;

import io.grpcspec.hpack.DecodeResult;
import io.grpcspec.hpack.HpackError;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Violation;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.List;

/**
 * The spec's answer to a header block that did not decode cleanly.
 *
 * <p>A block that breaks RFC 7541 ({@link DecodeResult.Failed}) is a connection error of type
 * COMPRESSION_ERROR (RFC 9113 §4.3): the two dynamic tables may now disagree, so no later block
 * can be trusted. A header list over our SETTINGS_MAX_HEADER_LIST_SIZE ({@link DecodeResult.ListTooLarge})
 * leaves the tables in sync ({@link HpackRules#HP_14}): only its stream is refused. A server
 * answers a request that has had no response yet with {@link #HEADER_FIELDS_TOO_LARGE}, HTTP 431
 * as RFC 9113 §10.5.1 suggests and grpc-java's Netty server sends; otherwise, and on a client,
 * the stream is reset with FRAME_SIZE_ERROR, the code grpc-go sends for it (REFUSED_STREAM would
 * invite a retry of the same oversized request).
 */
public final class HpackErrors {
    private HpackErrors() {}

    /**
     * A server's answer to a request whose header list is over its limit (RFC 6585 §5): the status
     * alone, as Netty sends it; a gRPC client maps a 431 without grpc-status to INTERNAL (RPC-18).
     */
    public static final List<HeaderField> HEADER_FIELDS_TOO_LARGE = List.of(new HeaderField(":status", "431"));

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

    /**
     * A header list over our limit on {@code streamId}: a stream error, FRAME_SIZE_ERROR when it is
     * answered with RST_STREAM (a server answers a fresh request with {@link #HEADER_FIELDS_TOO_LARGE}).
     */
    public static Violation listTooLarge(DecodeResult.ListTooLarge big, int streamId) {
        return new Violation(HP_14, ErrorCode.FRAME_SIZE_ERROR, Scope.STREAM, streamId,
                big.detail() + ", limit " + big.limit());
    }

    /** One line for reports and the CLI: {@code COMPRESSION_ERROR HP-1 at offset 1: detail}. */
    public static String describe(HpackError e) {
        return ErrorCode.COMPRESSION_ERROR + " " + rule(e.kind()).id() + " at offset " + e.offset() + ": " + e.detail();
    }
}
