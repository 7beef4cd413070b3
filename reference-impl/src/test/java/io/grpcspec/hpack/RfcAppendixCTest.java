package io.grpcspec.hpack;

import static io.grpcspec.hpack.Hpack.decodeOk;
import static io.grpcspec.hpack.Hpack.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.grpcspec.testing.Checks;
import io.grpcspec.wire.HeaderField;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of RFC 7541 Appendix C. Each block is decoded and, where our encoder makes the
 * same choices as the RFC's, encoded bit-exactly; dynamic tables are compared after each step.
 */
class RfcAppendixCTest {

    // C.1 integer representation

    @Test
    void c1IntegersEncode() {
        assertEquals("0a", writeInt(0x00, 5, 10));      // C.1.1: 10 in a 5-bit prefix
        assertEquals("1f9a0a", writeInt(0x00, 5, 1337)); // C.1.2: 1337 in a 5-bit prefix
        assertEquals("2a", writeInt(0x00, 8, 42));      // C.1.3: 42 starting at an octet boundary
    }

    @Test
    void c1IntegersDecode() {
        // A dynamic table size update has a 5-bit prefix: the C.1.1 and C.1.2 integers fit it.
        HpackDecoder d = new HpackDecoder();
        decodeOk(d, "2a"); // 001 01010
        assertEquals(10, d.maxDynamicTableSize());
        d.setMaxTableSize(2000);
        decodeOk(d, "3f9a0a"); // 001 11111, 10011010, 00001010
        assertEquals(1337, d.maxDynamicTableSize());
    }

    // C.2 single representations

    @Test
    void c2_1LiteralWithIndexing() {
        HpackDecoder d = new HpackDecoder();
        String wire = "400a637573746f6d2d6b65790d637573746f6d2d686561646572";
        assertEquals(fields("custom-key: custom-header"), decodeOk(d, wire));
        assertEquals(fields("custom-key: custom-header"), d.dynamicTable());
        assertEquals(55, d.dynamicTableSize());
        assertEquals(wire, plain().encode(fields("custom-key: custom-header")).hex());
    }

    @Test
    void c2_2LiteralWithoutIndexingDecodes() {
        // The RFC chose not to index; our encoder would, so this one is decode only.
        HpackDecoder d = new HpackDecoder();
        assertEquals(fields(":path: /sample/path"), decodeOk(d, "040c2f73616d706c652f70617468"));
        assertEquals(0, d.dynamicTableSize());
    }

    @Test
    @Checks({"HP-13"})
    void c2_3NeverIndexed() {
        HpackDecoder d = new HpackDecoder();
        String wire = "100870617373776f726406736563726574";
        List<HeaderField> password = List.of(new HeaderField("password", "secret", true));
        assertEquals(password, decodeOk(d, wire));
        assertEquals(0, d.dynamicTableSize());
        HpackEncoder e = plain();
        assertEquals(wire, e.encode(password).hex());
        assertEquals(0, e.dynamicTableSize());
    }

    @Test
    void c2_4Indexed() {
        assertEquals(fields(":method: GET"), decodeOk(new HpackDecoder(), "82"));
        assertEquals("82", plain().encode(fields(":method: GET")).hex());
    }

    // C.3 and C.4: three requests on one connection, without and with Huffman coding

    private static final List<List<HeaderField>> REQUESTS = List.of(
            fields(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com"),
            fields(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com", "cache-control: no-cache"),
            fields(":method: GET", ":scheme: https", ":path: /index.html", ":authority: www.example.com",
                    "custom-key: custom-value"));

    private static final List<List<HeaderField>> REQUEST_TABLES = List.of(
            fields(":authority: www.example.com"),
            fields("cache-control: no-cache", ":authority: www.example.com"),
            fields("custom-key: custom-value", "cache-control: no-cache", ":authority: www.example.com"));

    private static final long[] REQUEST_TABLE_SIZES = {57, 110, 164};

    @Test
    @Checks({"HP-12"})
    void c3RequestsWithoutHuffman() {
        run(new HpackDecoder(), plain(), REQUESTS, List.of(
                "828684410f7777772e6578616d706c652e636f6d",
                "828684be58086e6f2d6361636865",
                "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565"),
                new boolean[] {true, true, true}, REQUEST_TABLES, REQUEST_TABLE_SIZES);
    }

    @Test
    @Checks({"HP-12"})
    void c4RequestsWithHuffman() {
        run(new HpackDecoder(), new HpackEncoder(), REQUESTS, List.of(
                "828684418cf1e3c2e5f23a6ba0ab90f4ff",
                "828684be5886a8eb10649cbf",
                "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf"),
                new boolean[] {true, true, true}, REQUEST_TABLES, REQUEST_TABLE_SIZES);
    }

    // C.5 and C.6: three responses with SETTINGS_HEADER_TABLE_SIZE 256, causing evictions

    private static final String COOKIE = "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";

    private static final List<List<HeaderField>> RESPONSES = List.of(
            fields(":status: 302", "cache-control: private", "date: Mon, 21 Oct 2013 20:13:21 GMT",
                    "location: https://www.example.com"),
            fields(":status: 307", "cache-control: private", "date: Mon, 21 Oct 2013 20:13:21 GMT",
                    "location: https://www.example.com"),
            fields(":status: 200", "cache-control: private", "date: Mon, 21 Oct 2013 20:13:22 GMT",
                    "location: https://www.example.com", "content-encoding: gzip", COOKIE));

    private static final List<List<HeaderField>> RESPONSE_TABLES = List.of(
            fields("location: https://www.example.com", "date: Mon, 21 Oct 2013 20:13:21 GMT",
                    "cache-control: private", ":status: 302"),
            fields(":status: 307", "location: https://www.example.com", "date: Mon, 21 Oct 2013 20:13:21 GMT",
                    "cache-control: private"),
            fields(COOKIE, "content-encoding: gzip", "date: Mon, 21 Oct 2013 20:13:22 GMT"));

    private static final long[] RESPONSE_TABLE_SIZES = {222, 222, 215};

    @Test
    @Checks({"HP-12"})
    void c5ResponsesWithoutHuffman() {
        run(new HpackDecoder(256, Long.MAX_VALUE), new HpackEncoder(256, 256, false), RESPONSES, List.of(
                "4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d54"
                        + "6e1768747470733a2f2f7777772e6578616d706c652e636f6d",
                "4803333037c1c0bf",
                "88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f3d"
                        + "4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076"
                        + "657273696f6e3d31"),
                new boolean[] {true, true, true}, RESPONSE_TABLES, RESPONSE_TABLE_SIZES);
    }

    @Test
    @Checks({"HP-12"})
    void c6ResponsesWithHuffman() {
        // C.6.2 Huffman-codes "307" although that saves nothing; we send it plain, so that
        // block is checked by decoding only (the table evolves the same either way).
        run(new HpackDecoder(256, Long.MAX_VALUE), new HpackEncoder(256, 256, true), RESPONSES, List.of(
                "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97"
                        + "c8e9ae82ae43d3",
                "4883640effc1c0bf",
                "88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdf"
                        + "cd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007"),
                new boolean[] {true, false, true}, RESPONSE_TABLES, RESPONSE_TABLE_SIZES);
    }

    /**
     * Decodes each RFC block with one decoder and encodes each list with one encoder; compares
     * the lists, the encoder's bytes where {@code sameChoices}, and both tables.
     */
    private static void run(HpackDecoder decoder, HpackEncoder encoder, List<List<HeaderField>> lists,
                            List<String> wires, boolean[] sameChoices, List<List<HeaderField>> tables, long[] sizes) {
        HpackDecoder ours = new HpackDecoder(decoder.maxDynamicTableSize(), Long.MAX_VALUE);
        for (int i = 0; i < lists.size(); i++) {
            String step = "block " + (i + 1);
            assertEquals(lists.get(i), decodeOk(decoder, wires.get(i)), step);
            assertEquals(tables.get(i), decoder.dynamicTable(), step + " table");
            assertEquals(sizes[i], decoder.dynamicTableSize(), step + " table size");

            String encoded = encoder.encode(lists.get(i)).hex();
            if (sameChoices[i]) {
                assertEquals(wires.get(i), encoded, step + " encoding");
            } else {
                assertNotEquals(wires.get(i), encoded, step + " was expected to differ; update sameChoices");
            }
            assertEquals(sizes[i], encoder.dynamicTableSize(), step + " encoder table size");
            assertEquals(lists.get(i), decodeOk(ours, encoded), step + " our encoding");
            assertEquals(tables.get(i), ours.dynamicTable(), step + " table after our encoding");
        }
    }

    private static HpackEncoder plain() {
        return new HpackEncoder(HpackDecoder.DEFAULT_TABLE_SIZE, EncoderState.DEFAULT_TABLE_SIZE_CAP, false);
    }

    private static String writeInt(int pattern, int prefixBits, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncoderState.writeInt(out, pattern, prefixBits, value);
        return io.grpcspec.wire.Bytes.of(out.toByteArray()).hex();
    }
}
