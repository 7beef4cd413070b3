package io.grpcspec.hpack;

import io.grpcspec.wire.HeaderField;
import java.util.List;

/** What {@link HpackDecoder#decode} made of one header block. */
public sealed interface DecodeResult {

    /** The block decoded; {@code fields} is the header list in wire order (unmodifiable). */
    record Fields(List<HeaderField> fields) implements DecodeResult {
        public Fields {
            fields = List.copyOf(fields);
        }
    }

    /**
     * The block decoded and the dynamic table is in sync, but the header list passed the limit
     * (RFC 9113 §6.5.2) so its fields were dropped ({@link HpackRules#HP_14}). Not a compression error: the
     * caller refuses the stream (RST_STREAM, or a 431 response) and the connection goes on.
     * {@code size} is the list size counted over the whole block.
     */
    record ListTooLarge(long size, long limit) implements DecodeResult {
        public String detail() {
            return "header list too large (at least " + size + " bytes)";
        }
    }

    /** The block broke a rule: a COMPRESSION_ERROR connection error. */
    record Failed(HpackError error) implements DecodeResult {}

}
