package io.grpcspec.hpack;

/**
 * Why a header block could not be decoded, in RFC 7541 terms: which check failed, the offset
 * (from the start of the block) of the representation or element at fault, and what exactly
 * was wrong. The rule it breaks, the error code and the scope are the spec's answer
 * (the spec's {@code HpackErrors}), not the codec's.
 */
public record HpackError(Kind kind, int offset, String detail) {

    /** The checks a decoder makes on one block. */
    public enum Kind {
        /** An indexed header field with index 0 (§6.1). */
        INDEX_ZERO,
        /** An index beyond the static plus the dynamic table (§2.3.3). */
        INDEX_OUT_OF_RANGE,
        /** An integer too large in value or in continuation octets (§5.1). */
        INTEGER_OVERFLOW,
        /** An integer cut off by the end of the block (§5.1). */
        INTEGER_TRUNCATED,
        /** A string literal longer than what is left of the block (§5.2). */
        STRING_TRUNCATED,
        /** A Huffman string containing EOS (§5.2). */
        HUFFMAN_EOS,
        /** Huffman padding longer than 7 bits (§5.2). */
        HUFFMAN_PADDING_TOO_LONG,
        /** Huffman padding that is not all 1 bits (§5.2). */
        HUFFMAN_PADDING_NOT_ONES,
        /** A dynamic table size update after a field representation (§4.2). */
        SIZE_UPDATE_AFTER_FIELD,
        /** A dynamic table size update above the acknowledged limit (§6.3). */
        SIZE_UPDATE_ABOVE_LIMIT,
        /** A block that does not start with the size update a lowered limit owes (§4.2). */
        SIZE_UPDATE_MISSING
    }

    @Override
    public String toString() {
        return kind + " at offset " + offset + ": " + detail;
    }
}
