package io.grpcspec.hpack;

import static io.grpcspec.hpack.Hpack.decodeOk;
import static io.grpcspec.hpack.Hpack.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.testing.Checks;
import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HpackEncoderTest {

    @Test
    @Checks({"HP-11"})
    void loweredLimitIsSignalledAtTheStartOfTheNextBlockOnly() {
        HpackEncoder e = new HpackEncoder();
        e.setMaxTableSize(1000);
        assertEquals("3fc90782", e.encode(fields(":method: GET")).hex()); // 1000 = 31 + 969
        assertEquals(1000, e.maxDynamicTableSize());
        assertEquals("82", e.encode(fields(":method: GET")).hex());
    }

    @Test
    @Checks({"HP-11"})
    void smallerThenLargerSendsBothUpdatesAndTheDecoderAgrees() {
        HpackEncoder e = new HpackEncoder();
        HpackDecoder d = new HpackDecoder();
        assertEquals(fields("x: y"), decodeOk(d, e.encode(fields("x: y")).hex()));
        for (int limit : new int[] {0, 4096}) {
            e.setMaxTableSize(limit);
            d.setMaxTableSize(limit);
        }
        String block = e.encode(fields("x: y")).hex();
        assertTrue(block.startsWith("203fe11f"), block); // 0, then 4096
        assertEquals(fields("x: y"), decodeOk(d, block));
        // The update to 0 emptied both tables, so x: y was sent as a literal again and re-added.
        assertEquals(fields("x: y"), d.dynamicTable());
    }

    @Test
    @Checks({"HP-11"})
    void limitsAboveTheCapOrUnchangedSendNothing() {
        HpackEncoder e = new HpackEncoder(4096, 4096, true);
        e.setMaxTableSize((1L << 32) - 1);
        assertEquals("82", e.encode(fields(":method: GET")).hex());
        e.setMaxTableSize(2000);
        e.setMaxTableSize(3000);
        assertEquals("3fb10f3f991782", e.encode(fields(":method: GET")).hex()); // smallest, then final
        assertEquals(3000, e.maxDynamicTableSize());

        HpackEncoder roomy = new HpackEncoder(4096, 8192, true);
        roomy.setMaxTableSize(4096);
        roomy.setMaxTableSize(8192); // never below the size in force: one update suffices
        assertEquals("3fe13f82", roomy.encode(fields(":method: GET")).hex());
    }

    @Test
    void repeatedFieldsBecomeOneOctet() {
        HpackEncoder e = new HpackEncoder();
        List<HeaderField> call = fields(":method: POST", ":path: /grpc.health.v1.Health/Check",
                "content-type: application/grpc", "te: trailers");
        int first = e.encode(call).length();
        assertEquals("83c0bfbe", e.encode(call).hex());
        assertTrue(first > 4);
    }

    @Test
    void aNameAlreadyInTheDynamicTableIsReferencedByIndex() {
        HpackEncoder e = new HpackEncoder(4096, 4096, false);
        assertEquals("4003782d610131", e.encode(fields("x-a: 1")).hex());
        assertEquals("7e0132", e.encode(fields("x-a: 2")).hex()); // name = index 62
        assertEquals("7e0133", e.encode(fields("x-a: 3")).hex()); // the newest entry with the name
    }

    @Test
    @Checks({"HP-12"})
    void evictionKeepsBothTablesBoundedAndEqual() {
        HpackEncoder e = new HpackEncoder(256, 256, true);
        HpackDecoder d = new HpackDecoder(256, Long.MAX_VALUE);
        for (int i = 0; i < 5000; i++) {
            List<HeaderField> list = fields("x-n" + (i % 700) + ": v" + i, "x-n" + (i % 700) + ": v" + i);
            assertEquals(list, decodeOk(d, e.encode(list).hex()));
            assertTrue(e.state().table().length() <= 256 / 32, () -> "entries " + e.state().table().length());
            assertTrue(e.dynamicTableSize() <= 256);
            // Both ends evicted the same entries: the two tables are equal values.
            assertEquals(e.state().table(), d.state().table());
        }
    }

    @Test
    void credentialsShortCookiesAndHugeValuesStayOutOfTheTable() {
        HpackEncoder e = new HpackEncoder(4096, 4096, false);
        List<HeaderField> sensitive = fields("authorization: Bearer abc", "proxy-authorization: x", "cookie: id=1",
                "x-big: " + "v".repeat(3100));
        for (int i = 0; i < 2; i++) {
            HpackDecoder d = new HpackDecoder();
            String block = e.encode(sensitive).hex();
            assertTrue(block.startsWith("0f08"), block); // without indexing, name index 23
            assertEquals(0, e.dynamicTableSize());
            assertEquals(sensitive, decodeOk(d, block));
        }
        HpackEncoder e2 = new HpackEncoder();
        e2.encode(fields("cookie: " + "c".repeat(SHORT_COOKIE_PLUS)));
        assertTrue(e2.dynamicTableSize() > 0, "a long cookie is worth indexing");
    }

    private static final int SHORT_COOKIE_PLUS = EncoderState.SHORT_COOKIE;

    @Test
    @Checks({"HP-13"})
    void neverIndexedIsPreservedAndNeverStored() {
        HpackEncoder e = new HpackEncoder();
        HpackDecoder d = new HpackDecoder();
        List<HeaderField> list = List.of(new HeaderField("x-token", "s3cr3t", true),
                new HeaderField("content-type", "application/grpc", true));
        for (int i = 0; i < 2; i++) {
            var block = e.encode(list);
            assertEquals(0x10, block.get(0) & 0xf0, block::toString);
            assertEquals(list, decodeOk(d, block.hex()));
        }
        assertEquals(0, e.dynamicTableSize());
        assertEquals(0, d.dynamicTableSize());
        // Re-encoding what the decoder produced keeps the representation.
        assertEquals(0x10, new HpackEncoder().encode(decodeOk(new HpackDecoder(), "100178017a")).get(0) & 0xf0);
    }

    @Test
    void huffmanOnlyWhenStrictlyShorter() {
        HpackEncoder e = new HpackEncoder();
        // "a" takes 5 bits, still one octet: plain. "\u00fe" has a 27-bit code: plain.
        assertEquals("40016102fefe", e.encode(List.of(new HeaderField("a", "\u00fe\u00fe"))).hex());
        // "aaaa" takes 20 bits: three octets instead of four.
        assertEquals("4001628318c63f", e.encode(fields("b: aaaa")).hex());
    }

    @Test
    void rejectsCharsThatAreNotOctets() {
        assertThrows(IllegalArgumentException.class,
                () -> new HpackEncoder().encode(List.of(new HeaderField("a", "\u20ac"))));
    }

    @Test
    @Checks({"HP-12", "HP-13"})
    void randomListsRoundTripThroughChangingTableSizes() {
        Random random = new Random(7541);
        HpackEncoder e = new HpackEncoder(4096, 8192, random.nextBoolean());
        HpackDecoder d = new HpackDecoder();
        String[] names = {":path", "content-type", "x-a", "x-b", "grpc-timeout", "authorization", "cookie"};
        for (int block = 0; block < 2000; block++) {
            if (random.nextInt(20) == 0) {
                int limit = random.nextInt(3) == 0 ? 0 : random.nextInt(9000);
                e.setMaxTableSize(limit);
                d.setMaxTableSize(limit);
            }
            List<HeaderField> list = new ArrayList<>();
            int n = random.nextInt(8);
            for (int i = 0; i < n; i++) {
                String name = names[random.nextInt(names.length)];
                StringBuilder value = new StringBuilder();
                int len = random.nextInt(10) == 0 ? random.nextInt(3000) : random.nextInt(12);
                for (int k = 0; k < len; k++) value.append((char) (random.nextInt(4) == 0 ? random.nextInt(256) : 'a' + random.nextInt(3)));
                list.add(new HeaderField(name, value.toString(), random.nextInt(10) == 0));
            }
            assertEquals(list, decodeOk(d, e.encode(list).hex()), "block " + block);
            assertEquals(e.dynamicTableSize(), d.dynamicTableSize(), "table size after block " + block);
            assertTrue(d.dynamicTableSize() <= d.maxDynamicTableSize());
        }
    }
}
