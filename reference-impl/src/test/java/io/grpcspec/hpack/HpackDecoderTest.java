package io.grpcspec.hpack;

import static io.grpcspec.hpack.Hpack.decodeFails;
import static io.grpcspec.hpack.Hpack.decodeOk;
import static io.grpcspec.hpack.Hpack.fields;
import static io.grpcspec.hpack.Hpack.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.codec.HpackErrors;
import io.grpcspec.spec.codec.HpackRules;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.HeaderField;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One malformed block per decoder rule, each next to the nearest legal block. */
class HpackDecoderTest {

    @Test
    @Checks({"HP-1"})
    void indexZeroIsACompressionError() {
        HpackError e = decodeFails(new HpackDecoder(), "8280", HpackRules.HP_1);
        assertEquals(1, e.offset());
        assertEquals(HpackError.Kind.INDEX_ZERO, e.kind());
        assertEquals("COMPRESSION_ERROR HP-1 at offset 1: indexed header field with index 0", HpackErrors.describe(e));
        assertEquals(fields(":method: GET"), decodeOk(new HpackDecoder(), "82"));
    }

    @Test
    @Checks({"HP-2"})
    void indexBeyondBothTablesIsACompressionError() {
        // 62 is the first dynamic index: the table is empty.
        HpackError e = decodeFails(new HpackDecoder(), "be", HpackRules.HP_2);
        assertTrue(e.detail().contains("index 62"), e::detail);
        // The same index as a literal's name reference (6-bit prefix, 62 = 0x3e).
        decodeFails(new HpackDecoder(), "7e0161", HpackRules.HP_2);
        // After one insertion index 62 exists; 63 does not; 61 is the last static entry.
        HpackDecoder d = new HpackDecoder();
        assertEquals(fields("a: b", "a: b", "www-authenticate: "), decodeOk(d, "4001610162bebd"));
        decodeFails(d, "bf", HpackRules.HP_2);
    }

    @Test
    @Checks({"HP-3"})
    void integerOverflowIsACompressionError() {
        // 127 + 127 + 127*2^7 + 127*2^14 + 127*2^21 + 15*2^28 > 2^31-1
        decodeFails(new HpackDecoder(), "ffffffffff0f", HpackRules.HP_3);
        // Value 127 but padded with zero continuation octets beyond 5.
        decodeFails(new HpackDecoder(), "ff808080808000", HpackRules.HP_3);
        // 2^31-1 itself is an integer we read (then it is just a bad index).
        decodeFails(new HpackDecoder(), "ff80ffffff07", HpackRules.HP_2);
        // Five continuation octets are fine: 127 spelled long, again just a bad index.
        decodeFails(new HpackDecoder(), "ff8080808000", HpackRules.HP_2);
    }

    @Test
    @Checks({"HP-4"})
    void truncatedIntegerIsACompressionError() {
        decodeFails(new HpackDecoder(), "82ff", HpackRules.HP_4);
        decodeFails(new HpackDecoder(), "3fe1", HpackRules.HP_4); // size update missing its last octet
        decodeFails(new HpackDecoder(), "41", HpackRules.HP_4);   // value length missing
        assertEquals(4096, decodeAndTableMax("3fe11f82"));
    }

    @Test
    @Checks({"HP-5"})
    void stringLongerThanTheBlockIsACompressionError() {
        HpackError e = decodeFails(new HpackDecoder(), "82400a61", HpackRules.HP_5);
        assertEquals(2, e.offset());
        assertTrue(e.detail().contains("10 octets but only 1"), e::detail);
        assertEquals(fields("a: b"), decodeOk(new HpackDecoder(), "0001610162"));
    }

    @Test
    @Checks({"HP-6"})
    void huffmanEosIsACompressionError() {
        decodeFails(new HpackDecoder(), "4084ffffffff0161", HpackRules.HP_6);
    }

    @Test
    @Checks({"HP-7"})
    void huffmanPaddingLongerThanSevenBitsIsACompressionError() {
        decodeFails(new HpackDecoder(), "000161821fff", HpackRules.HP_7);
        assertEquals(fields("a: a"), decodeOk(new HpackDecoder(), "000161811f"));
    }

    @Test
    @Checks({"HP-8"})
    void huffmanPaddingOfZerosIsACompressionError() {
        decodeFails(new HpackDecoder(), "0001618118", HpackRules.HP_8);
        // a name is checked as strictly as a value
        decodeFails(new HpackDecoder(), "00811801 61".replace(" ", ""), HpackRules.HP_8);
    }

    @Test
    @Checks({"HP-9"})
    void sizeUpdateAfterAFieldIsACompressionError() {
        decodeFails(new HpackDecoder(), "8220", HpackRules.HP_9);
        // Several updates before the first field are fine.
        HpackDecoder d = new HpackDecoder();
        assertEquals(fields(":method: GET"), decodeOk(d, "203fe11f82"));
        assertEquals(4096, d.maxDynamicTableSize());
    }

    @Test
    @Checks({"HP-10"})
    void sizeUpdateAboveTheAcknowledgedLimitIsACompressionError() {
        HpackError e = decodeFails(new HpackDecoder(), "3fe21f", HpackRules.HP_10); // 4097 > 4096
        assertTrue(e.detail().contains("4097"), e::detail);
        HpackDecoder d = new HpackDecoder();
        d.setMaxTableSize(8192);
        decodeOk(d, "3fe21f");
        assertEquals(4097, d.maxDynamicTableSize());
    }

    @Test
    @Checks({"HP-11"})
    void loweredLimitRequiresASizeUpdateFirst() {
        HpackDecoder missing = new HpackDecoder();
        missing.setMaxTableSize(100);
        decodeFails(missing, "82", HpackRules.HP_11);

        HpackDecoder empty = new HpackDecoder();
        empty.setMaxTableSize(100);
        decodeFails(empty, "", HpackRules.HP_11);

        HpackDecoder given = new HpackDecoder();
        given.setMaxTableSize(100);
        assertEquals(fields(":method: GET"), decodeOk(given, "3f4582")); // update to 100
        assertEquals(100, given.maxDynamicTableSize());
        decodeOk(given, "82"); // owed only once

        HpackDecoder same = new HpackDecoder();
        same.setMaxTableSize(4096); // equal to the size in force: nothing owed
        decodeOk(same, "82");
    }

    @Test
    @Checks({"HP-11"})
    void smallerThenLargerLimitRequiresTheSmallestToBeSignalled() {
        HpackDecoder onlyFinal = new HpackDecoder();
        onlyFinal.setMaxTableSize(0);
        onlyFinal.setMaxTableSize(4096);
        decodeFails(onlyFinal, "3fe11f82", HpackRules.HP_11);

        HpackDecoder both = new HpackDecoder();
        both.setMaxTableSize(0);
        both.setMaxTableSize(4096);
        assertEquals(fields(":method: GET"), decodeOk(both, "203fe11f82"));

        HpackDecoder raisedOnly = new HpackDecoder();
        raisedOnly.setMaxTableSize(8192); // a larger limit does not oblige the encoder to anything
        decodeOk(raisedOnly, "82");
    }

    @Test
    @Checks({"HP-12"})
    void addingEvictsOldestAndOversizeEntryEmptiesTheTable() {
        HpackDecoder d = new HpackDecoder(80, Long.MAX_VALUE);
        decodeOk(d, "4001610162");       // a: b, size 34
        decodeOk(d, "4001630164");       // c: d, size 34, total 68
        assertEquals(fields("c: d", "a: b"), d.dynamicTable());
        decodeOk(d, "400165026666");     // e: ff, size 35: evicts a: b
        assertEquals(fields("e: ff", "c: d"), d.dynamicTable());
        assertEquals(69, d.dynamicTableSize());
        assertEquals(fields("c: d"), decodeOk(d, "bf"));
        // An 81-octet entry does not fit at all: the table empties, and that is not an error.
        String big = "61".repeat(48);
        assertEquals(fields("x: " + "a".repeat(48)), decodeOk(d, "400178" + "30" + big));
        assertEquals(List.of(), d.dynamicTable());
        decodeFails(d, "be", HpackRules.HP_2);

        HpackDecoder exact = new HpackDecoder(34, Long.MAX_VALUE);
        decodeOk(exact, "4001610162"); // exactly the maximum size: it fits
        assertEquals(fields("a: b"), exact.dynamicTable());
    }

    @Test
    @Checks({"HP-12"})
    void sizeUpdateEvictsToFit() {
        HpackDecoder d = new HpackDecoder();
        decodeOk(d, "40016101624001630164");
        decodeOk(d, "3f03"); // 34: only the newest survives
        assertEquals(fields("c: d"), d.dynamicTable());
        decodeOk(d, "20");
        assertEquals(List.of(), d.dynamicTable());
    }

    @Test
    @Checks({"HP-13"})
    void neverIndexedLiteralIsMarkedAndNotStored() {
        HpackDecoder d = new HpackDecoder();
        List<HeaderField> got = decodeOk(d, "100870617373776f726406736563726574");
        assertEquals(List.of(new HeaderField("password", "secret", true)), got);
        assertEquals(0, d.dynamicTableSize());
        // Without indexing (0000) is not never indexed.
        assertEquals(List.of(new HeaderField("password", "secret", false)),
                decodeOk(d, "000870617373776f726406736563726574"));
    }

    @Test
    @Checks({"HP-14"})
    void headerListOverTheLimitIsDroppedButTheTableStaysInSync() {
        HpackDecoder d = new HpackDecoder(HpackDecoder.DEFAULT_TABLE_SIZE, 100);
        // a: b (34) + c: d (34) + e: 26 x 'f' (59) = 127 > 100; all three are indexed.
        String block = "4001610162" + "4001630164" + "400165" + "1a" + "66".repeat(26);
        DecodeResult r = d.decode(hex(block));
        DecodeResult.ListTooLarge t = assertInstanceOf(DecodeResult.ListTooLarge.class, r, r::toString);
        assertEquals(127, t.size());
        assertEquals(100, t.limit());
        assertEquals("header list too large (at least 127 bytes)", t.detail());
        // Every insertion happened, so the next block's references resolve as the peer meant.
        assertEquals(fields("a: b", "c: d"), decodeOk(d, "c0bf"));
        assertEquals(3, d.dynamicTable().size());
    }

    @Test
    @Checks({"HP-14"})
    void insertionsAfterTheLimitWasPassedStillHappen() {
        HpackDecoder d = new HpackDecoder(HpackDecoder.DEFAULT_TABLE_SIZE, 40);
        // a: b plain (34), c: d plain (68 > 40), then g: h with incremental indexing, Huffman-coded
        // name and value ('g' = 100110, 'h' = 100111, padded with ones).
        DecodeResult r = d.decode(hex("0001610162" + "0001630164" + "40819b819f"));
        assertEquals(new DecodeResult.ListTooLarge(102, 40), r);
        assertEquals(fields("g: h"), d.dynamicTable());
        assertEquals(fields("g: h"), decodeOk(d, "be"));
    }

    @Test
    @Checks({"HP-14", "HP-8"})
    void fieldsPastTheLimitAreStillChecked() {
        HpackDecoder d = new HpackDecoder(HpackDecoder.DEFAULT_TABLE_SIZE, 40);
        // a: b (34), then c: d (34) over the limit, then a value with zero padding: still an error.
        decodeFails(d, "0001610162" + "0001630164" + "0001618118", HpackRules.HP_8);
        HpackDecoder fine = new HpackDecoder(HpackDecoder.DEFAULT_TABLE_SIZE, 68);
        assertEquals(fields("a: b", "c: d"), decodeOk(fine, "0001610162" + "0001630164"));
    }

    @Test
    @Checks({"HP-1"})
    void afterACompressionErrorTheDecoderRefusesEverything() {
        HpackDecoder d = new HpackDecoder();
        decodeFails(d, "80", HpackRules.HP_1);
        HpackError again = decodeFails(d, "82", HpackRules.HP_1);
        assertTrue(again.detail().startsWith("decoder unusable"), again::detail);
    }

    @Test
    void decodesFromAnOffsetAndReportsOffsetsRelativeToTheBlock() {
        byte[] buf = hex("ffff8280").toByteArray();
        DecodeResult r = new HpackDecoder().decode(buf, 2, 2);
        HpackError e = assertInstanceOf(DecodeResult.Failed.class, r).error();
        assertEquals(HpackRules.HP_1, HpackErrors.rule(e.kind()));
        assertEquals(1, e.offset());
    }

    private static int decodeAndTableMax(String hex) {
        HpackDecoder d = new HpackDecoder();
        decodeOk(d, hex);
        return d.maxDynamicTableSize();
    }

    /** Decoder states are values: the model checker finds equal tables by hash, so equal tables must hash alike. */
    @Test
    void equalTablesAreEqualAndHashAlikeHowEverTheyWereMade() {
        byte[] block = {0x40, 1, 'a', 1, '1', 0x40, 1, 'b', 1, '2'}; // two literals with incremental indexing
        DecoderState one = DecoderState.initial(Long.MAX_VALUE).decode(block, 0, block.length).state();
        DecoderState split = DecoderState.initial(Long.MAX_VALUE).decode(block, 0, 5).state();
        split = split.decode(block, 5, 5).state();
        assertEquals(one.table(), split.table());
        assertEquals(one.table().hashCode(), split.table().hashCode());
        assertEquals(one, split);
        assertEquals(one.hashCode(), split.hashCode());
        DecoderState other = DecoderState.initial(Long.MAX_VALUE).decode(block, 5, 5).state();
        assertTrue(!other.table().equals(one.table()), "a table with other entries differs");
    }
}
