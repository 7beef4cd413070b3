package io.grpcspec.hpack;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HPACK encoder for one direction of one connection (RFC 7541).
 *
 * <p>Choices, per field, in order:
 * <ol>
 *   <li>marked never indexed: a never-indexed literal (§6.2.3), name by index when possible ({@link HpackRules#HP_13});</li>
 *   <li>exact match in the static table, else in the dynamic table: an indexed field (§6.1);</li>
 *   <li>otherwise a literal, name by index when the name is in a table (lowest static index first):
 *     with incremental indexing (§6.2.1) unless the field is sensitive (credentials, short
 *     cookies, §7.1.3) or would take more than 3/4 of the table, in which case without indexing
 *     (§6.2.2) so that one huge value does not flush everything useful.</li>
 * </ol>
 * Strings are Huffman-coded when that is strictly shorter (and Huffman is enabled).
 *
 * <p>The table size follows the peer's acknowledged SETTINGS_HEADER_TABLE_SIZE, capped by our
 * own memory budget; changes are signalled at the start of the next block (§4.2, HP-11).
 * Not thread-safe: the connection's writer owns it.
 */
public final class HpackEncoder {

    /** Table size we use at most, whatever the peer allows: headers in gRPC are small and few. */
    public static final int DEFAULT_TABLE_SIZE_CAP = 4096;

    /** Cookies shorter than this are guessable, so they are never put in the table (§7.1.3). */
    static final int SHORT_COOKIE = 20;

    private final DynamicTable table;
    private final int tableSizeCap;
    private final boolean huffman;
    /** name -> value -> absolute insertion number of the newest dynamic entry with that field. */
    private final Map<String, Map<String, Long>> byField = new HashMap<>();
    /** name -> absolute insertion number of the newest dynamic entry with that name. */
    private final Map<String, Long> byName = new HashMap<>();

    private boolean sizeChangePending;
    private int smallestPending;
    private int finalPending;

    /** Starts from the HTTP/2 initial table size, with Huffman coding. */
    public HpackEncoder() {
        this(HpackDecoder.DEFAULT_TABLE_SIZE, DEFAULT_TABLE_SIZE_CAP, true);
    }

    /**
     * @param initialTableSize table size both ends start from without a size update (4096 in HTTP/2)
     * @param tableSizeCap the largest table this encoder will use, whatever the peer allows
     * @param huffman whether to Huffman-code strings when it is shorter
     */
    public HpackEncoder(int initialTableSize, int tableSizeCap, boolean huffman) {
        if (initialTableSize < 0 || tableSizeCap < 0) throw new IllegalArgumentException("negative table size");
        this.table = new DynamicTable(initialTableSize, this::forget);
        this.tableSizeCap = tableSizeCap;
        this.huffman = huffman;
    }

    /**
     * The peer's SETTINGS_HEADER_TABLE_SIZE (a 32-bit unsigned value), once we have ACKed it.
     * The next block starts with the size update(s): the smallest size seen since the last
     * block when it is below the size in force, then the final size (RFC 7541 §4.2).
     */
    public void setMaxTableSize(long peerLimit) {
        if (peerLimit < 0) throw new IllegalArgumentException("table size " + peerLimit);
        int size = (int) Math.min(peerLimit, tableSizeCap);
        if (!sizeChangePending) {
            sizeChangePending = true;
            smallestPending = size;
        } else {
            smallestPending = Math.min(smallestPending, size);
        }
        finalPending = size;
    }

    /** Current maximum size of the dynamic table (after the updates already emitted). */
    public int maxDynamicTableSize() {
        return table.maxSize();
    }

    public long dynamicTableSize() {
        return table.size();
    }

    /** Entries in the lookup maps beside the table (tests check they shrink with evictions). */
    int lookupEntries() {
        int n = byName.size();
        for (Map<String, Long> values : byField.values()) n += values.size();
        return n;
    }

    /** Encodes one header list as one header block. */
    public Bytes encode(List<HeaderField> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 16 * fields.size());
        encode(fields, out);
        return Bytes.of(out.toByteArray());
    }

    public void encode(List<HeaderField> fields, ByteArrayOutputStream out) {
        emitSizeUpdates(out);
        for (HeaderField f : fields) encodeField(f, out);
    }

    /** Signals the smallest pending table size, then the final one, at the start of a block ({@link HpackRules#HP_11}). */
    private void emitSizeUpdates(ByteArrayOutputStream out) {
        if (!sizeChangePending) return;
        sizeChangePending = false;
        int current = table.maxSize();
        if (smallestPending < current && smallestPending != finalPending) {
            writeInt(out, 0x20, 5, smallestPending);
            table.setMaxSize(smallestPending);
            current = smallestPending;
        }
        if (finalPending != current) {
            writeInt(out, 0x20, 5, finalPending);
            table.setMaxSize(finalPending);
        }
    }

    private void encodeField(HeaderField f, ByteArrayOutputStream out) {
        String name = f.name();
        String value = f.value();
        if (f.neverIndexed()) { // HP_13: keep the representation, never touch the table
            literal(out, 0x10, 4, nameIndex(name), name, value);
            return;
        }
        int exact = StaticTable.indexOf(name, value);
        if (exact == 0) exact = dynamicIndexOf(name, value);
        if (exact != 0) {
            writeInt(out, 0x80, 7, exact);
            return;
        }
        if (shouldIndex(f)) {
            literal(out, 0x40, 6, nameIndex(name), name, value);
            HeaderField entry = f;
            table.add(entry);
            if (table.length() > 0 && table.get(1) == entry) remember(entry, table.insertionOf(1));
        } else {
            literal(out, 0x00, 4, nameIndex(name), name, value);
        }
    }

    private boolean shouldIndex(HeaderField f) {
        if (f.size() * 4 > table.maxSize() * 3L) return false;
        String name = f.name();
        if (name.equals("authorization") || name.equals("proxy-authorization")) return false;
        return !(name.equals("cookie") && f.value().length() < SHORT_COOKIE);
    }

    private int nameIndex(String name) {
        int i = StaticTable.indexOfName(name);
        if (i != 0) return i;
        Long insertion = byName.get(name);
        if (insertion == null) return 0;
        int dynamic = table.indexOfInsertion(insertion);
        return dynamic == 0 ? 0 : StaticTable.LENGTH + dynamic;
    }

    private int dynamicIndexOf(String name, String value) {
        Map<String, Long> values = byField.get(name);
        if (values == null) return 0;
        Long insertion = values.get(value);
        if (insertion == null) return 0;
        int dynamic = table.indexOfInsertion(insertion);
        return dynamic == 0 ? 0 : StaticTable.LENGTH + dynamic;
    }

    private void remember(HeaderField f, long insertion) {
        byField.computeIfAbsent(f.name(), n -> new HashMap<>()).put(f.value(), insertion);
        byName.put(f.name(), insertion);
    }

    /** Eviction callback: drop lookups that still point at the evicted entry. */
    private void forget(long insertion, HeaderField f) {
        Map<String, Long> values = byField.get(f.name());
        if (values != null && values.get(f.value()) == insertion) {
            values.remove(f.value());
            if (values.isEmpty()) byField.remove(f.name());
        }
        Long newestWithName = byName.get(f.name());
        if (newestWithName != null && newestWithName == insertion) byName.remove(f.name());
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
