package io.grpcspec.spec.codec;

import io.grpcspec.spec.Rule;

/**
 * Rules of area HP: what an HPACK decoder checks in a header block (RFC 7541) and the
 * header-list limit it applies for HTTP/2 (RFC 9113). Constant names are the IDs with '-' as '_'.
 *
 * <p>The codec ({@code io.grpcspec.hpack}) reports a failed block as an {@code HpackError.Kind};
 * {@link HpackErrors} maps each kind to its rule here, in spec code. Every failure except HP-14
 * is a COMPRESSION_ERROR connection error (RFC 9113 §4.3): once one block fails, the two
 * dynamic tables can no longer be trusted to agree.
 */
public final class HpackRules {
    private HpackRules() {}

    public static final Rule HP_1 = Rule.must("HP-1", "RFC 7541 §6.1",
            "An indexed header field representation must not use index 0.");

    public static final Rule HP_2 = Rule.must("HP-2", "RFC 7541 §2.3.3",
            "An index (of a field or of a name) must not exceed the length of the static table plus the dynamic table.");

    public static final Rule HP_3 = Rule.must("HP-3", "RFC 7541 §5.1",
            "An integer must not exceed the decoder's limits, in value (2^31-1 here) or in number of octets.");

    public static final Rule HP_4 = Rule.must("HP-4", "RFC 7541 §5.1",
            "An integer must be complete within the header block: a continuation octet cannot be missing.");

    public static final Rule HP_5 = Rule.must("HP-5", "RFC 7541 §5.2",
            "A string literal's declared length must not run past the end of the header block.");

    public static final Rule HP_6 = Rule.must("HP-6", "RFC 7541 §5.2",
            "A Huffman-encoded string must not contain the EOS symbol.");

    public static final Rule HP_7 = Rule.must("HP-7", "RFC 7541 §5.2",
            "Huffman padding must be at most 7 bits long.");

    public static final Rule HP_8 = Rule.must("HP-8", "RFC 7541 §5.2",
            "Huffman padding must consist of 1 bits (the most significant bits of EOS).");

    public static final Rule HP_9 = Rule.must("HP-9", "RFC 7541 §4.2",
            "A dynamic table size update must come before the first header field representation of a block.");

    public static final Rule HP_10 = Rule.must("HP-10", "RFC 7541 §6.3",
            "A dynamic table size update must not exceed the SETTINGS_HEADER_TABLE_SIZE the decoder announced and saw acknowledged.");

    public static final Rule HP_11 = Rule.must("HP-11", "RFC 7541 §4.2",
            "When the acknowledged limit drops below the table size in force, the next block must start with a size update no larger than the smallest limit since the previous block; the encoder signals that smallest size, then the final one.");

    public static final Rule HP_12 = Rule.must("HP-12", "RFC 7541 §4.4",
            "Adding an entry evicts the oldest entries until it fits; an entry larger than the maximum size empties the table and is not added (not an error).");

    public static final Rule HP_13 = Rule.must("HP-13", "RFC 7541 §6.2.3",
            "A field received or sent as never indexed keeps that representation when re-encoded and never enters a dynamic table.");

    public static final Rule HP_14 = Rule.must("HP-14", "RFC 9113 §6.5.2, §10.5.1",
            "A block whose header list (name + value + 32 per field) exceeds the advertised limit is still decoded to the end so the dynamic table stays in sync, but its fields are not kept; the stream is refused, not the connection: a server answers a request it has not answered yet with HTTP 431, otherwise the stream is reset.");
}
