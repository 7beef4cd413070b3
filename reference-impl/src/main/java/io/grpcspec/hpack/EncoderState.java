package io.grpcspec.hpack;

import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The HPACK encoder of one direction of one connection (RFC 7541) as an immutable value:
 * {@link #encode} turns a header list into a header block and returns the next state.
 *
 * <p>Choices, per field, in order:
 * <ol>
 *   <li>marked never indexed: a never-indexed literal (§6.2.3), name by index when possible (rule HP_13);</li>
 *   <li>exact match in the static table, else in the dynamic table (newest entry first): an indexed field (§6.1);</li>
 *   <li>otherwise a literal, name by index when the name is in a table (lowest static index first,
 *     then the newest dynamic entry): with incremental indexing (§6.2.1) unless the field is
 *     sensitive (credentials, short cookies, §7.1.3) or would take more than 3/4 of the table,
 *     in which case without indexing (§6.2.2) so that one huge value does not flush everything useful.</li>
 * </ol>
 * Strings are Huffman-coded when that is strictly shorter (and Huffman is enabled). Dynamic
 * lookups scan the table: gRPC tables hold a few dozen entries at most.
 *
 * <p>The table size follows the peer's acknowledged SETTINGS_HEADER_TABLE_SIZE, capped by our
 * own memory budget; changes are signalled at the start of the next block (§4.2, rule HP_11).
 *
 * @param table        the dynamic table
 * @param tableSizeCap the largest table this encoder uses, whatever the peer allows
 * @param huffman      whether strings are Huffman-coded when that is shorter
 * @param pending      the size change to signal at the start of the next block, or null
 */
public record EncoderState(HeaderTable table, int tableSizeCap, boolean huffman, SizeChange pending) {

    /** Table size we use at most, whatever the peer allows: headers in gRPC are small and few. */
    public static final int DEFAULT_TABLE_SIZE_CAP = 4096;

    /** Cookies shorter than this are guessable, so they are never put in the table (§7.1.3). */
    static final int SHORT_COOKIE = 20;

    /** Table sizes the peer allowed since the last block: the smallest, and the final one. */
    public record SizeChange(int smallest, int last) {}

    /** An encoded block and the state after it. */
    public record Encoded(EncoderState state, Bytes block) {}

    public EncoderState {
        if (tableSizeCap < 0) throw new IllegalArgumentException("negative table size cap");
    }

    /** The HTTP/2 start: table size 4096, capped at {@link #DEFAULT_TABLE_SIZE_CAP}, Huffman on. */
    public static EncoderState initial() {
        return initial(DecoderState.DEFAULT_TABLE_SIZE, DEFAULT_TABLE_SIZE_CAP, true);
    }

    /**
     * @param initialTableSize table size both ends start from without a size update (4096 in HTTP/2)
     */
    public static EncoderState initial(int initialTableSize, int tableSizeCap, boolean huffman) {
        return new EncoderState(HeaderTable.empty(initialTableSize), tableSizeCap, huffman, null);
    }

    /**
     * The peer's SETTINGS_HEADER_TABLE_SIZE (a 32-bit unsigned value), once we have ACKed it.
     * The next block starts with the size update(s): the smallest size seen since the last
     * block when it is below the size in force, then the final size (RFC 7541 §4.2).
     */
    public EncoderState withMaxTableSize(long peerLimit) {
        if (peerLimit < 0) throw new IllegalArgumentException("table size " + peerLimit);
        int size = (int) Math.min(peerLimit, tableSizeCap);
        SizeChange next = pending == null ? new SizeChange(size, size) : new SizeChange(Math.min(pending.smallest(), size), size);
        return new EncoderState(table, tableSizeCap, huffman, next);
    }

    /** Encodes one header list as one header block. */
    public Encoded encode(List<HeaderField> fields) {
        BlockBuffer out = new BlockBuffer(64 + 16 * fields.size());
        DynamicTable t = new DynamicTable(table);
        emitSizeUpdates(t, out);
        for (HeaderField f : fields) encodeField(t, f, out);
        return new Encoded(new EncoderState(t.freeze(), tableSizeCap, huffman, null), out.toBytes());
    }

    /** Signals the smallest pending table size, then the final one, at the start of a block (rule HP_11). */
    private void emitSizeUpdates(DynamicTable t, ByteArrayOutputStream out) {
        if (pending == null) return;
        int current = t.maxSize();
        if (pending.smallest() < current && pending.smallest() != pending.last()) {
            writeInt(out, 0x20, 5, pending.smallest());
            t.setMaxSize(pending.smallest());
            current = pending.smallest();
        }
        if (pending.last() != current) {
            writeInt(out, 0x20, 5, pending.last());
            t.setMaxSize(pending.last());
        }
    }

    @Enforces("HP-13")
    private void encodeField(DynamicTable t, HeaderField f, ByteArrayOutputStream out) {
        String name = f.name();
        String value = f.value();
        if (f.neverIndexed()) { // HP_13: keep the representation, never touch the table
            literal(out, 0x10, 4, nameIndex(t, name), name, value);
            return;
        }
        int exact = StaticTable.indexOf(name, value);
        if (exact == 0) exact = dynamicIndexOf(t, name, value);
        if (exact != 0) {
            writeInt(out, 0x80, 7, exact);
            return;
        }
        if (shouldIndex(t, f)) {
            literal(out, 0x40, 6, nameIndex(t, name), name, value);
            t.add(new HeaderField(name, value));
        } else {
            literal(out, 0x00, 4, nameIndex(t, name), name, value);
        }
    }

    private static boolean shouldIndex(DynamicTable t, HeaderField f) {
        if (f.size() * 4 > t.maxSize() * 3L) return false;
        String name = f.name();
        if (name.equals("authorization") || name.equals("proxy-authorization")) return false;
        return !(name.equals("cookie") && f.value().length() < SHORT_COOKIE);
    }

    // The dynamic scans compare the strings' cached hashes before their contents: most entries
    // differ, and a hash is one load where equals walks the octets of same-length strings.

    private static int nameIndex(DynamicTable t, String name) {
        int i = StaticTable.indexOfName(name);
        if (i != 0) return i;
        int nameHash = name.hashCode();
        for (int d = 1; d <= t.length(); d++) {
            String n = t.get(d).name();
            if (n.hashCode() == nameHash && n.equals(name)) return StaticTable.LENGTH + d;
        }
        return 0;
    }

    private static int dynamicIndexOf(DynamicTable t, String name, String value) {
        int nameHash = name.hashCode();
        int valueHash = value.hashCode();
        for (int d = 1; d <= t.length(); d++) {
            HeaderField e = t.get(d);
            if (e.value().hashCode() == valueHash && e.name().hashCode() == nameHash
                    && e.name().equals(name) && e.value().equals(value)) {
                return StaticTable.LENGTH + d;
            }
        }
        return 0;
    }

    private void literal(ByteArrayOutputStream out, int pattern, int prefixBits, int nameIndex, String name, String value) {
        writeInt(out, pattern, prefixBits, nameIndex);
        if (nameIndex == 0) writeString(out, name);
        writeString(out, value);
    }

    private void writeString(ByteArrayOutputStream out, String s) {
        checkOctets(s);
        int coded = huffman ? Huffman.encodedLength(s) : Integer.MAX_VALUE;
        if (coded < s.length()) {
            writeInt(out, 0x80, 7, coded);
            Huffman.encode(s, out);
        } else {
            writeInt(out, 0x00, 7, s.length());
            for (int i = 0; i < s.length(); i++) out.write(s.charAt(i));
        }
    }

    /** Header strings carry octets as chars 0..255 (see HeaderField); anything else is a caller bug. */
    private static void checkOctets(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                throw new IllegalArgumentException("header string has a char above 0xff at " + i + ": not Latin-1 octets");
            }
        }
    }

    /** §5.1: {@code value} with an N-bit prefix, the first octet's high bits set to {@code pattern}. */
    static void writeInt(ByteArrayOutputStream out, int pattern, int prefixBits, long value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(pattern | (int) value);
            return;
        }
        out.write(pattern | max);
        long rest = value - max;
        while (rest >= 128) {
            out.write((int) (rest & 0x7f) | 0x80);
            rest >>>= 7;
        }
        out.write((int) rest);
    }
}
