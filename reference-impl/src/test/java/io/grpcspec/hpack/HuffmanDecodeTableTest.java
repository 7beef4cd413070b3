package io.grpcspec.hpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.testing.Checks;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The octet-at-a-time decode table of {@link Huffman} against the definition of RFC 7541 §5.2
 * read bit by bit: a reference decoder below matches (length, code) pairs taken from
 * {@link Huffman#code}/{@link Huffman#length} (which {@code HuffmanTest} checks against values
 * printed in Appendix B), and both must give the same symbols or the same failure for every
 * input here: every symbol after every padding length, broken and overlong padding, EOS, all
 * inputs of one and two octets, and random ones.
 */
class HuffmanDecodeTableTest {

    /** (length << 32 | code) → symbol, from the code table. */
    private static final Map<Long, Integer> CODE_TO_SYMBOL = new HashMap<>();

    static {
        for (int sym = 0; sym <= Huffman.EOS; sym++) CODE_TO_SYMBOL.put((long) Huffman.length(sym) << 32 | Huffman.code(sym), sym);
    }

    /** Symbol '0' has the 5-bit code 00000: a filler that moves the padding length by 5 bits mod 8. */
    private static final int FILLER = '0';

    @Test
    void everySymbolAfterEveryPaddingLengthDecodesLikeTheDefinition() {
        for (int sym = 0; sym < 256; sym++) {
            for (int pad = 0; pad <= 7; pad++) {
                Bits bits = new Bits();
                int fillers = fillersFor(Huffman.length(sym) + pad);
                for (int k = 0; k < fillers; k++) bits.symbol(FILLER);
                bits.symbol(sym).ones(pad);
                byte[] input = bits.octets();
                byte[] expected = new byte[fillers + 1];
                Arrays.fill(expected, 0, fillers, (byte) FILLER);
                expected[fillers] = (byte) sym;
                String where = "symbol " + sym + ", padding " + pad;
                assertArrayEquals(expected, decodeByTable(input), where);
                assertArrayEquals(expected, decodeByDefinition(input), where);
            }
        }
    }

    @Test
    @Checks({"HP-8"})
    void paddingWithAZeroBitFailsAsTheDefinitionSays() {
        for (int sym = 0; sym < 256; sym++) {
            for (int pad = 1; pad <= 7; pad++) {
                for (int zeroAt = 0; zeroAt < pad; zeroAt++) {
                    Bits bits = new Bits();
                    for (int k = fillersFor(Huffman.length(sym) + pad); k > 0; k--) bits.symbol(FILLER);
                    bits.symbol(sym).ones(zeroAt).bit(0).ones(pad - zeroAt - 1);
                    byte[] input = bits.octets();
                    String where = "symbol " + sym + ", padding " + pad + " with a 0 at " + zeroAt;
                    int byTable = Huffman.decode(input, 0, input.length, null);
                    assertEquals(outcomeByDefinition(input), byTable, where);
                    // Under 5 bits no code can complete: the padding itself is at fault.
                    if (pad < 5) assertEquals(Huffman.PADDING_NOT_ONES, byTable, where);
                }
            }
        }
    }

    @Test
    @Checks({"HP-7"})
    void paddingOfEightOrMoreOnesIsTooLong() {
        for (int sym = 0; sym < 256; sym++) {
            for (int pad = 8; pad <= 15; pad++) {
                Bits bits = new Bits();
                for (int k = fillersFor(Huffman.length(sym) + pad); k > 0; k--) bits.symbol(FILLER);
                byte[] input = bits.symbol(sym).ones(pad).octets();
                String where = "symbol " + sym + ", padding " + pad;
                assertEquals(Huffman.PADDING_TOO_LONG, Huffman.decode(input, 0, input.length, null), where);
                assertEquals(Huffman.PADDING_TOO_LONG, outcomeByDefinition(input), where);
            }
        }
    }

    @Test
    @Checks({"HP-6"})
    void eosAnywhereFails() {
        for (int sym = 0; sym < 256; sym++) {
            for (int shift = 0; shift <= 7; shift++) {
                Bits after = new Bits();
                Bits before = new Bits();
                for (int k = 0; k < shift; k++) {
                    after.symbol(FILLER);
                    before.symbol(FILLER);
                }
                byte[] eosAfter = after.symbol(sym).symbol(Huffman.EOS).padToOctet().octets();
                byte[] eosBefore = before.symbol(Huffman.EOS).symbol(sym).padToOctet().octets();
                for (byte[] input : new byte[][] {eosAfter, eosBefore}) {
                    String where = "symbol " + sym + ", " + shift + " fillers: " + Arrays.toString(input);
                    assertEquals(Huffman.CONTAINS_EOS, Huffman.decode(input, 0, input.length, null), where);
                    assertEquals(Huffman.CONTAINS_EOS, outcomeByDefinition(input), where);
                }
            }
        }
    }

    @Test
    void everyInputOfOneAndTwoOctetsDecodesLikeTheDefinition() {
        for (int a = 0; a < 256; a++) {
            sameAsDefinition(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) sameAsDefinition(new byte[] {(byte) a, (byte) b});
        }
    }

    @Test
    void randomInputsDecodeLikeTheDefinition() {
        Random random = new Random(7541);
        for (int i = 0; i < 20_000; i++) {
            byte[] input = new byte[1 + random.nextInt(40)];
            random.nextBytes(input);
            // Half of them biased towards 1 bits (3 in 4): long codes, EOS and long padding get likely.
            if (random.nextBoolean()) for (int k = 0; k < input.length; k++) input[k] |= (byte) random.nextInt(256);
            sameAsDefinition(input);
        }
    }

    @Test
    void randomStringsRoundTripThroughTheEncoderWithinTheRoomDecodeAsksFor() {
        Random random = new Random(9113);
        for (int i = 0; i < 5_000; i++) {
            byte[] octets = new byte[random.nextInt(200)];
            // Half the strings from the 5-bit symbols only: the densest case for the room decode needs.
            for (int k = 0; k < octets.length; k++) octets[k] = (byte) (i % 2 == 0 ? "012aceiost".charAt(random.nextInt(10)) : random.nextInt(256));
            String s = new String(octets, StandardCharsets.ISO_8859_1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Huffman.encode(s, out);
            byte[] encoded = out.toByteArray();
            byte[] dst = new byte[Huffman.maxDecodedLength(encoded.length)];
            int n = Huffman.decode(encoded, 0, encoded.length, dst);
            assertEquals(s, new String(dst, 0, n, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void decodingASliceReadsOnlyTheSlice() {
        byte[] abc = new Bits().symbol('a').symbol('b').symbol('c').padToOctet().octets();
        byte[] framed = new byte[abc.length + 4];
        Arrays.fill(framed, (byte) 0); // zeros around: would decode as '0's if read
        System.arraycopy(abc, 0, framed, 2, abc.length);
        byte[] dst = new byte[Huffman.maxDecodedLength(abc.length)];
        int n = Huffman.decode(framed, 2, abc.length, dst);
        assertEquals("abc", new String(dst, 0, n, StandardCharsets.ISO_8859_1));
    }

    private static void sameAsDefinition(byte[] input) {
        int expected = outcomeByDefinition(input);
        byte[] dst = new byte[Huffman.maxDecodedLength(input.length)];
        int got = Huffman.decode(input, 0, input.length, dst);
        assertEquals(expected, got, () -> "input " + Arrays.toString(input));
        if (expected >= 0) assertArrayEquals(decodeByDefinition(input), Arrays.copyOf(dst, got), () -> "input " + Arrays.toString(input));
    }

    private static byte[] decodeByTable(byte[] input) {
        byte[] dst = new byte[Huffman.maxDecodedLength(input.length)];
        int n = Huffman.decode(input, 0, input.length, dst);
        if (n < 0) throw new AssertionError("table decode failed with " + n + " on " + Arrays.toString(input));
        return Arrays.copyOf(dst, n);
    }

    /** Fillers to put first so that {@code bits} more bits end on an octet boundary. */
    private static int fillersFor(int bits) {
        for (int k = 0; k < 8; k++) if ((5 * k + bits) % 8 == 0) return k;
        throw new AssertionError("5 is invertible mod 8");
    }

    // --- The definition, bit by bit -----------------------------------------------------------

    private static int outcomeByDefinition(byte[] input) {
        Object r = byDefinition(input);
        return r instanceof Integer i ? i : ((byte[]) r).length;
    }

    private static byte[] decodeByDefinition(byte[] input) {
        Object r = byDefinition(input);
        if (r instanceof Integer i) throw new AssertionError("definition says " + i + " for " + Arrays.toString(input));
        return (byte[]) r;
    }

    /** The decoded octets, or the failure as Huffman's negative outcome. */
    private static Object byDefinition(byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long code = 0;
        int length = 0;
        boolean allOnes = true;
        for (byte octet : input) {
            for (int k = 7; k >= 0; k--) {
                int bit = (octet >>> k) & 1;
                code = code << 1 | bit;
                length++;
                allOnes &= bit == 1;
                Integer sym = CODE_TO_SYMBOL.get((long) length << 32 | code);
                if (sym == null) continue;
                if (sym == Huffman.EOS) return Huffman.CONTAINS_EOS;
                out.write(sym);
                code = 0;
                length = 0;
                allOnes = true;
            }
        }
        if (!allOnes) return Huffman.PADDING_NOT_ONES;
        if (length > 7) return Huffman.PADDING_TOO_LONG;
        return out.toByteArray();
    }

    /** A bit string built from codes and padding bits. */
    private static final class Bits {
        private final StringBuilder bits = new StringBuilder();

        Bits symbol(int sym) {
            for (int k = Huffman.length(sym) - 1; k >= 0; k--) bits.append((Huffman.code(sym) >>> k) & 1);
            return this;
        }

        Bits ones(int n) {
            bits.append("1".repeat(n));
            return this;
        }

        Bits bit(int b) {
            bits.append(b);
            return this;
        }

        Bits padToOctet() {
            return ones((8 - bits.length() % 8) % 8);
        }

        byte[] octets() {
            if (bits.length() % 8 != 0) throw new AssertionError("not whole octets: " + bits.length() + " bits");
            byte[] b = new byte[bits.length() / 8];
            for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(bits.substring(8 * i, 8 * i + 8), 2);
            return b;
        }
    }
}
