package io.grpcspec.hpack;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.spec.Rule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HPACK decoder for one direction of one connection (RFC 7541 §3): turns complete header blocks
 * (HEADERS + CONTINUATION fragments joined by the caller) into header lists, keeping the dynamic
 * table in step with the peer's encoder.
 *
 * <p>It defends itself: integers are capped (HP-3), strings cannot outrun the block (HP-5), the
 * table cannot grow past the SETTINGS_HEADER_TABLE_SIZE we announced (HP-10), and a header list
 * over the advertised limit is counted but not materialised ({@link HpackRules#HP_14}). So memory stays bounded by
 * the block size, the table limit and the list limit, whatever the peer sends.
 *
 * <p>Not thread-safe: a connection's reader owns its decoder. After a compression error the
 * decoder refuses all further blocks, since its table may no longer match the peer's.
 */
public final class HpackDecoder {

    /** Initial SETTINGS_HEADER_TABLE_SIZE of HTTP/2 (RFC 9113 §6.5.2). */
    public static final int DEFAULT_TABLE_SIZE = 4096;

    /** Largest integer value accepted (HP-3); larger lengths or indices could never be valid. */
    static final int MAX_INTEGER = Integer.MAX_VALUE;

    private final DynamicTable table;
    private int limit;                           // SETTINGS_HEADER_TABLE_SIZE announced and acknowledged
    private long lowestLimit = Long.MAX_VALUE;   // smallest limit acknowledged since the last block (HP-11)
    private long maxHeaderListSize;
    private HpackError failed;

    // The block being decoded; fields so that the small readers below need no state objects.
    private byte[] buf;
    private int base;
    private int pos;
    private int end;
    private int lastLength;                      // decoded length of the last string read
    private byte[] scratch = new byte[64];

    /** A decoder with the HTTP/2 initial table size (4096) and no header-list limit. */
    public HpackDecoder() {
        this(DEFAULT_TABLE_SIZE, Long.MAX_VALUE);
    }

    /**
     * @param initialTableSize table size both ends start from without any size update (4096 in
     *     HTTP/2; the RFC 7541 Appendix C.5 examples start from 256)
     * @param maxHeaderListSize the SETTINGS_MAX_HEADER_LIST_SIZE we advertise (HP-14)
     */
    public HpackDecoder(int initialTableSize, long maxHeaderListSize) {
        if (initialTableSize < 0) throw new IllegalArgumentException("table size " + initialTableSize);
        this.table = new DynamicTable(initialTableSize, null);
        this.limit = initialTableSize;
        setMaxHeaderListSize(maxHeaderListSize);
    }

    /**
     * The SETTINGS_HEADER_TABLE_SIZE we announced, called when the peer ACKs it. The peer may
     * then resize the table up to this limit; if the limit fell below the size in force, the
     * next block must begin with a size update at or below the smallest limit (HP-11).
     */
    public void setMaxTableSize(int acknowledgedLimit) {
        if (acknowledgedLimit < 0) throw new IllegalArgumentException("table size " + acknowledgedLimit);
        limit = acknowledgedLimit;
        lowestLimit = Math.min(lowestLimit, acknowledgedLimit);
    }

    /** The SETTINGS_MAX_HEADER_LIST_SIZE we advertise; {@code Long.MAX_VALUE} for none. */
    public void setMaxHeaderListSize(long maxHeaderListSize) {
        if (maxHeaderListSize < 0) throw new IllegalArgumentException("list size " + maxHeaderListSize);
        this.maxHeaderListSize = maxHeaderListSize;
    }

    /** Current maximum size of the dynamic table, as last set by the peer's size updates. */
    public int maxDynamicTableSize() {
        return table.maxSize();
    }

    /** Current size of the dynamic table (RFC 7541 §4.1). */
    public long dynamicTableSize() {
        return table.size();
    }

    /** The dynamic table, newest entry first (index 62 of the address space comes first). */
    public List<HeaderField> dynamicTable() {
        List<HeaderField> entries = new ArrayList<>(table.length());
        for (int i = 1; i <= table.length(); i++) entries.add(table.get(i));
        return List.copyOf(entries);
    }

    public DecodeResult decode(Bytes block) {
        byte[] b = block.toByteArray();
        return decode(b, 0, b.length);
    }

    /** Decodes one complete header block. */
    public DecodeResult decode(byte[] block, int offset, int length) {
        if (failed != null) {
            return new DecodeResult.Failed(new HpackError(failed.rule(), 0,
                    "decoder unusable after an earlier compression error: " + failed.detail()));
        }
        buf = block;
        base = offset;
        pos = offset;
        end = offset + length;
        try {
            return decodeBlock();
        } catch (HpackException e) {
            failed = e.error();
            return new DecodeResult.Failed(failed);
        } finally {
            buf = null; // do not keep the caller's buffer alive
        }
    }

    private DecodeResult decodeBlock() throws HpackException {
        boolean fieldSeen = false;
        boolean updateDone = lowestLimit >= table.maxSize(); // HP-11: no update owed
        List<HeaderField> fields = new ArrayList<>();
        long listSize = 0;
        boolean overLimit = false;
        while (pos < end) {
            int start = pos;
            int first = buf[pos] & 0xff;
            if ((first & 0xe0) == 0x20) { // 001xxxxx: dynamic table size update, §6.3
                if (fieldSeen) {
                    throw error(HpackRules.HP_9, start, "dynamic table size update after a header field representation");
                }
                int size = readInt(5);
                if (size > limit) {
                    throw error(HpackRules.HP_10, start, "dynamic table size update to " + size
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
                if (index == 0) throw error(HpackRules.HP_1, start, "indexed header field with index 0");
                field = entry(index, start);
                name = field.name();
                value = field.value();
                nameLength = name.length();
                valueLength = value.length();
            } else {
                // 01xxxxxx with incremental indexing (§6.2.1), 0000xxxx without (§6.2.2),
                // 0001xxxx never indexed (§6.2.3)
                boolean indexing = (first & 0xc0) == 0x40;
                // HP_13: a never-indexed field stays out of the table and keeps its mark in the list.
                neverIndexed = !indexing && (first & 0x10) != 0;
                // Strings of a field that will be dropped (HP_14) are checked and measured but not built;
                // an indexed one is always built, because the table needs it.
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
                fields = null; // let what was built go: the stream will be refused anyway
            }
            if (!overLimit) {
                if (field == null || neverIndexed) field = new HeaderField(name, value, neverIndexed);
                fields.add(field);
            }
        }
        if (!updateDone) throw missingUpdate(pos);
        lowestLimit = Long.MAX_VALUE;
        return overLimit ? new DecodeResult.ListTooLarge(listSize, maxHeaderListSize) : new DecodeResult.Fields(fields);
    }

    private HpackException missingUpdate(int at) {
        return error(HpackRules.HP_11, at, "block must begin with a dynamic table size update to at most "
                + lowestLimit + " (acknowledged limit fell below the table size " + table.maxSize() + ")");
    }

    /** Field at {@code index} of the combined address space (§2.3.3); index is at least 1. */
    private HeaderField entry(int index, int start) throws HpackException {
        if (index <= StaticTable.LENGTH) return StaticTable.get(index);
        int dynamic = index - StaticTable.LENGTH;
        if (dynamic > table.length()) {
            throw error(HpackRules.HP_2, start, "index " + index + " beyond the static table (" + StaticTable.LENGTH
                    + ") and the dynamic table (" + table.length() + " entries)");
        }
        return table.get(dynamic);
    }

    /** §5.1 integer with an N-bit prefix, starting at the current octet. */
    private int readInt(int prefixBits) throws HpackException {
        int start = pos;
        if (pos >= end) throw error(HpackRules.HP_4, start, "block ends where an integer should start");
        int mask = (1 << prefixBits) - 1;
        int value = buf[pos++] & mask;
        if (value < mask) return value;
        long acc = value;
        int shift = 0;
        while (true) {
            if (pos >= end) throw error(HpackRules.HP_4, start, "integer truncated by the end of the block");
            int b = buf[pos++] & 0xff;
            if (shift > 28) {
                throw error(HpackRules.HP_3, start, "integer longer than 5 continuation octets");
            }
            acc += (long) (b & 0x7f) << shift;
            if (acc > MAX_INTEGER) throw error(HpackRules.HP_3, start, "integer exceeds " + MAX_INTEGER);
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
            throw error(HpackRules.HP_5, start, "string literal of " + length + " octets but only "
                    + (end - pos) + " left in the block");
        }
        int from = pos;
        pos += length;
        if (!huffman) {
            lastLength = length;
            return keep ? new String(buf, from, length, StandardCharsets.ISO_8859_1) : null;
        }
        byte[] dst = null;
        if (keep) {
            int room = Huffman.maxDecodedLength(length);
            if (scratch.length < room) scratch = new byte[Math.max(room, scratch.length * 2)];
            dst = scratch;
        }
        int n = Huffman.decode(buf, from, length, dst);
        if (n < 0) {
            Rule rule = n == Huffman.CONTAINS_EOS ? HpackRules.HP_6
                    : n == Huffman.PADDING_TOO_LONG ? HpackRules.HP_7 : HpackRules.HP_8;
            String what = n == Huffman.CONTAINS_EOS ? "contains the EOS symbol"
                    : n == Huffman.PADDING_TOO_LONG ? "has padding longer than 7 bits"
                    : "has padding that is not all 1 bits";
            throw error(rule, start, "Huffman-encoded string " + what);
        }
        lastLength = n;
        return keep ? new String(scratch, 0, n, StandardCharsets.ISO_8859_1) : null;
    }

    private HpackException error(Rule rule, int at, String detail) {
        return new HpackException(new HpackError(rule, at - base, detail));
    }
}
