package io.grpcspec.hpack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HuffmanTest {

    @Test
    void derivedCanonicalCodesMatchValuesPrintedInAppendixB() {
        // symbol, code (hex, as printed in RFC 7541 Appendix B), length
        int[][] printed = {
                {0, 0x1ff8, 13}, {1, 0x7fffd8, 23}, {10, 0x3ffffffc, 30}, {32, 0x14, 6}, {48, 0x0, 5},
                {58, 0x5c, 7}, {97, 0x3, 5}, {126, 0x1ffd, 13}, {127, 0xffffffc, 28}, {128, 0xfffe6, 20},
                {203, 0x7ffffde, 27}, {255, 0x3ffffee, 26}, {256, 0x3fffffff, 30}};
        for (int[] p : printed) {
            assertEquals(p[1], Huffman.code(p[0]), "code of " + p[0]);
            assertEquals(p[2], Huffman.length(p[0]), "length of " + p[0]);
        }
    }

    @Test
    void appendixCStringsEncodeAndDecode() {
        String[][] pairs = {
                {"www.example.com", "f1e3c2e5f23a6ba0ab90f4ff"},
                {"no-cache", "a8eb10649cbf"},
                {"custom-key", "25a849e95ba97d7f"},
                {"custom-value", "25a849e95bb8e8b4bf"},
                {"302", "6402"},
                {"private", "aec3771a4b"},
                {"Mon, 21 Oct 2013 20:13:21 GMT", "d07abe941054d444a8200595040b8166e082a62d1bff"},
                {"https://www.example.com", "9d29ad171863c78f0b97c8e9ae82ae43d3"},
                {"307", "640eff"},
                {"gzip", "9bd9ab"}};
        for (String[] p : pairs) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Huffman.encode(p[0], out);
            assertEquals(p[1], Bytes.of(out.toByteArray()).hex(), "encoding " + p[0]);
            assertEquals(p[1].length() / 2, Huffman.encodedLength(p[0]));
            assertEquals(p[0], decode(Bytes.ofHex(p[1]).toByteArray()));
        }
    }

    @Test
    void everyOctetRoundTripsAloneAndInOneString() {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c < 256; c++) {
            String s = String.valueOf((char) c);
            all.append(s);
            assertEquals(s, decode(encode(s)), "octet " + c);
        }
        assertEquals(all.toString(), decode(encode(all.toString())));
    }

    @Test
    @Checks({"HP-6", "HP-7", "HP-8"})
    void badInputIsNamedPrecisely() {
        // 30 ones is EOS; two more ones as padding.
        assertEquals(Huffman.CONTAINS_EOS, Huffman.decode(bytes(0xff, 0xff, 0xff, 0xff), 0, 4, null));
        // 'a' then EOS: this time EOS completes in the high half of an octet.
        assertEquals(Huffman.CONTAINS_EOS, Huffman.decode(bytes(0x1f, 0xff, 0xff, 0xff, 0xff), 0, 5, null));
        // 'a' (00011) then 3 + 8 padding ones.
        assertEquals(Huffman.PADDING_TOO_LONG, Huffman.decode(bytes(0x1f, 0xff), 0, 2, null));
        // 'a' then padding 000.
        assertEquals(Huffman.PADDING_NOT_ONES, Huffman.decode(bytes(0x18), 0, 1, null));
        assertEquals(1, Huffman.decode(bytes(0x1f), 0, 1, null));
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    private static byte[] encode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Huffman.encode(s, out);
        return out.toByteArray();
    }

    private static String decode(byte[] b) {
        byte[] dst = new byte[Huffman.maxDecodedLength(b.length)];
        int n = Huffman.decode(b, 0, b.length, dst);
        if (n < 0) throw new AssertionError("decode failed: " + n);
        return new String(dst, 0, n, StandardCharsets.ISO_8859_1);
    }
}
