package io.grpcspec.hpack;

import static io.grpcspec.hpack.HpackError.Kind.*;

import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The HPACK decoder of one direction of one connection (RFC 7541 §3) as an immutable value:
 * {@link #decode} turns a complete header block into a header list and returns the next state,
 * whose dynamic table follows the peer's encoder.
 *
 * <p>It defends itself: integers are capped, strings cannot outrun the block, the table cannot
 * grow past the SETTINGS_HEADER_TABLE_SIZE we announced, and a header list over the advertised
 * limit is measured but not materialised (rule HP_14). Memory stays bounded by the block size,
 * the table limit and the list limit, whatever the peer sends. After a failed block the state
 * remembers the failure and refuses every later block, since its table may no longer match.
 *
 * @param table             the dynamic table
 * @param limit             the SETTINGS_HEADER_TABLE_SIZE we announced and the peer acknowledged
 * @param lowestLimit       the smallest limit acknowledged since the last block (Long.MAX_VALUE: none);
 *                          when it is below the table size the next block owes a size update
 * @param maxHeaderListSize the SETTINGS_MAX_HEADER_LIST_SIZE we advertise (Long.MAX_VALUE: none)
 * @param failed            the error that made this decoder unusable, or null
 */
public record DecoderState(HeaderTable table, int limit, long lowestLimit, long maxHeaderListSize, HpackError failed) {

    /** Initial SETTINGS_HEADER_TABLE_SIZE of HTTP/2 (RFC 9113 §6.5.2). */
    public static final int DEFAULT_TABLE_SIZE = 4096;

    /** Largest integer value accepted; larger lengths or indices could never be valid. */
    static final int MAX_INTEGER = Integer.MAX_VALUE;

    /** A decoded block and the state after it. */
    public record Decoded(DecoderState state, DecodeResult result) {}

    public DecoderState {
        if (limit < 0) throw new IllegalArgumentException("table size " + limit);
        if (maxHeaderListSize < 0) throw new IllegalArgumentException("list size " + maxHeaderListSize);
    }

    /** The HTTP/2 start: table size 4096 both ends agree on, the given header-list limit. */
    public static DecoderState initial(long maxHeaderListSize) {
        return initial(DEFAULT_TABLE_SIZE, maxHeaderListSize);
    }

    /**
     * @param initialTableSize table size both ends start from without any size update (4096 in
     *     HTTP/2; the RFC 7541 Appendix C.5 examples start from 256)
     */
    public static DecoderState initial(int initialTableSize, long maxHeaderListSize) {
        return new DecoderState(HeaderTable.empty(initialTableSize), initialTableSize, Long.MAX_VALUE, maxHeaderListSize, null);
    }

    /**
     * The SETTINGS_HEADER_TABLE_SIZE we announced, once the peer ACKed it. The peer may then
     * resize the table up to it; if it fell below the size in force, the next block must begin
     * with a size update at or below the smallest limit (rule HP_11).
     */
    public DecoderState withMaxTableSize(int acknowledgedLimit) {
        if (acknowledgedLimit < 0) throw new IllegalArgumentException("table size " + acknowledgedLimit);
        return new DecoderState(table, acknowledgedLimit, Math.min(lowestLimit, acknowledgedLimit), maxHeaderListSize, failed);
    }

    /** The SETTINGS_MAX_HEADER_LIST_SIZE we advertise; {@code Long.MAX_VALUE} for none. */
    public DecoderState withMaxHeaderListSize(long max) {
        return new DecoderState(table, limit, lowestLimit, max, failed);
    }

    /** Decodes one complete header block. */
    public Decoded decode(Bytes block) {
        byte[] b = block.toByteArray();
        return decode(b, 0, b.length);
    }

    public Decoded decode(byte[] block, int offset, int length) {
        if (failed != null) {
            // The table may no longer match the peer's: every later block repeats the first failure.
            return new Decoded(this, new DecodeResult.Failed(new HpackError(failed.kind(), 0,
                    "decoder unusable after an earlier error: " + failed.detail())));
        }
        Run run = new Run(block, offset, length);
        try {
            DecodeResult r = run.block();
            return new Decoded(new DecoderState(run.table.freeze(), limit, Long.MAX_VALUE, maxHeaderListSize, null), r);
        } catch (HpackException e) {
            return new Decoded(new DecoderState(table, limit, lowestLimit, maxHeaderListSize, e.error()),
                    new DecodeResult.Failed(e.error()));
        }
    }

    /** One block being decoded: the cursor and the table's working copy. */
    private final class Run {
        private final byte[] buf;
        private final int base;
        private final int end;
        private final DynamicTable table = new DynamicTable(DecoderState.this.table);
        private int pos;
        private int lastLength; // decoded length of the last string read
        private byte[] scratch;

        Run(byte[] buf, int offset, int length) {
            this.buf = buf;
            this.base = offset;
            this.pos = offset;
            this.end = offset + length;
        }

        @Enforces("HP-13")
        DecodeResult block() throws HpackException {
            boolean fieldSeen = false;
            boolean updateDone = lowestLimit >= table.maxSize(); // HP_11: no update owed
            List<HeaderField> fields = new ArrayList<>();
            long listSize = 0;
            boolean overLimit = false;
            while (pos < end) {
                int start = pos;
                int first = buf[pos] & 0xff;
                if ((first & 0xe0) == 0x20) { // 001xxxxx: dynamic table size update, §6.3
                    if (fieldSeen) throw error(SIZE_UPDATE_AFTER_FIELD, start, "dynamic table size update after a header field representation");
                    int size = readInt(5);
                    if (size > limit) {
                        throw error(SIZE_UPDATE_ABOVE_LIMIT, start, "dynamic table size update to " + size
                                + " exceeds the acknowledged SETTINGS_HEADER_TABLE_SIZE " + limit);
                    }
                    if (size <= lowestLimit) updateDone = true;
                    table.setMaxSize(size);
                    continue;
                }
                if (!updateDone) throw missingUpdate(start);
                fieldSeen = true;
                String name;
                String value;
                int nameLength;
                int valueLength;
                boolean neverIndexed = false;
                HeaderField field = null;
                if ((first & 0x80) != 0) { // 1xxxxxxx: indexed header field, §6.1
                    int index = readInt(7);
                    if (index == 0) throw error(INDEX_ZERO, start, "indexed header field with index 0");
                    field = entry(index, start);
                    name = field.name();
                    value = field.value();
                    nameLength = name.length();
                    valueLength = value.length();
                } else {
                    // 01xxxxxx with incremental indexing (§6.2.1), 0000xxxx without (§6.2.2),
                    // 0001xxxx never indexed (§6.2.3)
                    boolean indexing = (first & 0xc0) == 0x40;
                    // A never-indexed field stays out of the table and keeps its mark in the list (rule HP_13).
                    neverIndexed = !indexing && (first & 0x10) != 0;
                    // Strings of a field that will be dropped (HP_14) are checked and measured but
                    // not built; an indexed one is always built, because the table needs it.
                    boolean keep = indexing || !overLimit;
                    int nameIndex = readInt(indexing ? 6 : 4);
                    if (nameIndex == 0) {
                        name = readString(keep);
                        nameLength = lastLength;
                    } else {
                        name = entry(nameIndex, start).name();
                        nameLength = name.length();
                    }
                    value = readString(keep);
                    valueLength = lastLength;
                    if (indexing) {
                        field = new HeaderField(name, value);
                        table.add(field);
                    }
                }
                listSize += nameLength + valueLength + 32L;
                if (!overLimit && listSize > maxHeaderListSize) {
                    overLimit = true;
                    fields = null; // let what was built go: the list is dropped anyway
                }
                if (!overLimit) {
                    if (field == null || neverIndexed) field = new HeaderField(name, value, neverIndexed);
                    fields.add(field);
                }
            }
            if (!updateDone) throw missingUpdate(pos);
            return overLimit ? new DecodeResult.ListTooLarge(listSize, maxHeaderListSize) : new DecodeResult.Fields(fields);
        }

        private HpackException missingUpdate(int at) {
            return error(SIZE_UPDATE_MISSING, at, "block must begin with a dynamic table size update to at most "
                    + lowestLimit + " (acknowledged limit fell below the table size " + table.maxSize() + ")");
        }

        /** Field at {@code index} of the combined address space (§2.3.3); index is at least 1. */
        private HeaderField entry(int index, int start) throws HpackException {
            if (index <= StaticTable.LENGTH) return StaticTable.get(index);
            int dynamic = index - StaticTable.LENGTH;
            if (dynamic > table.length()) {
                throw error(INDEX_OUT_OF_RANGE, start, "index " + index + " beyond the static table (" + StaticTable.LENGTH
                        + ") and the dynamic table (" + table.length() + " entries)");
            }
            return table.get(dynamic);
        }

        /** §5.1 integer with an N-bit prefix, starting at the current octet. */
        private int readInt(int prefixBits) throws HpackException {
            int start = pos;
            if (pos >= end) throw error(INTEGER_TRUNCATED, start, "block ends where an integer should start");
            int mask = (1 << prefixBits) - 1;
            int value = buf[pos++] & mask;
            if (value < mask) return value;
            long acc = value;
            int shift = 0;
            while (true) {
                if (pos >= end) throw error(INTEGER_TRUNCATED, start, "integer truncated by the end of the block");
                int b = buf[pos++] & 0xff;
                if (shift > 28) throw error(INTEGER_OVERFLOW, start, "integer longer than 5 continuation octets");
                acc += (long) (b & 0x7f) << shift;
                if (acc > MAX_INTEGER) throw error(INTEGER_OVERFLOW, start, "integer exceeds " + MAX_INTEGER);
                if ((b & 0x80) == 0) return (int) acc;
                shift += 7;
            }
        }

        /**
         * §5.2 string literal. Returns it when {@code keep}, else null; either way {@link #lastLength}
         * is its decoded length and a Huffman string has been fully checked.
         */
        private String readString(boolean keep) throws HpackException {
            int start = pos;
            boolean huffman = pos < end && (buf[pos] & 0x80) != 0;
            int length = readInt(7);
            if (length > end - pos) {
                throw error(STRING_TRUNCATED, start, "string literal of " + length + " octets but only "
                        + (end - pos) + " left in the block");
            }
            int from = pos;
            pos += length;
            if (!huffman) {
                lastLength = length;
                return keep ? new String(buf, from, length, StandardCharsets.ISO_8859_1) : null;
            }
            // Decoded into one scratch array per block (sized by the longest string), kept or not.
            int room = Huffman.maxDecodedLength(length);
            if (scratch == null || scratch.length < room) scratch = new byte[Math.max(room, 64)];
            int n = Huffman.decode(buf, from, length, scratch);
            if (n < 0) {
                HpackError.Kind kind = n == Huffman.CONTAINS_EOS ? HUFFMAN_EOS
                        : n == Huffman.PADDING_TOO_LONG ? HUFFMAN_PADDING_TOO_LONG : HUFFMAN_PADDING_NOT_ONES;
                String what = n == Huffman.CONTAINS_EOS ? "contains the EOS symbol"
                        : n == Huffman.PADDING_TOO_LONG ? "has padding longer than 7 bits"
                        : "has padding that is not all 1 bits";
                throw error(kind, start, "Huffman-encoded string " + what);
            }
            lastLength = n;
            return keep ? new String(scratch, 0, n, StandardCharsets.ISO_8859_1) : null;
        }

        private HpackException error(HpackError.Kind kind, int at, String detail) {
            return new HpackException(new HpackError(kind, at - base, detail));
        }
    }
}
