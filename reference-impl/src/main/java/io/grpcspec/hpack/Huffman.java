package io.grpcspec.hpack;

import java.io.ByteArrayOutputStream;

/**
 * The HPACK Huffman code, RFC 7541 §5.2 and Appendix B.
 *
 * <p>The code in Appendix B is canonical: codes of one length are consecutive and sorted by
 * symbol, each length continuing from the last code of the shorter one. So the table below
 * holds only the 257 code lengths and the codes are derived from them (a test compares the
 * result with code values printed in the RFC).
 *
 * <p>Decoding runs a state machine over whole octets: a state is an internal node of the
 * code tree (256 of them: the node where the bits read since the last symbol lead), and each
 * (state, octet) entry says which node comes next and which symbols the octet completed.
 * Codes are at least 5 bits, so one octet completes at most two symbols. The table (256 × 256
 * entries, 256 KiB) is built once, from the lengths, when the class loads.
 */
final class Huffman {
    private Huffman() {}

    static final int EOS = 256;

    /** Decode outcomes below zero, mapped to rules by the decoder. */
    static final int CONTAINS_EOS = -1;
    static final int PADDING_TOO_LONG = -2;
    static final int PADDING_NOT_ONES = -3;

    /** Code length in bits of each symbol 0..255 and of EOS (256), from RFC 7541 Appendix B. */
    private static final byte[] LENGTHS = {
            13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,  // 0..15
            28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,  // 16..31
            6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,  // 32..47
            5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,  // 48..63
            13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,  // 64..79
            7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,  // 80..95
            15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,  // 96..111
            6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,  // 112..127
            20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,  // 128..143
            24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,  // 144..159
            22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,  // 160..175
            21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,  // 176..191
            26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,  // 192..207
            19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,  // 208..223
            20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,  // 224..239
            26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,  // 240..255
            30  // 256 (EOS)
    };

    /** Code of each symbol, right-aligned. */
    private static final int[] CODES = new int[257];

    /*
     * Decoder state machine, one int per (state, octet): the first completed symbol in bits 0-7,
     * the second in bits 8-15, the next state in bits 16-23, how many symbols were completed
     * (0..2) in bits 24-25; FAILS (the sign bit) when the octet completes EOS.
     */
    private static final int FAILS = 1 << 31;
    private static final int[] STEP = new int[256 * 256];
    /** Per state: bits consumed since the last symbol, and whether all of them were 1. */
    private static final byte[] DEPTH = new byte[256];
    private static final boolean[] ALL_ONES = new boolean[256];

    static {
        assignCanonicalCodes();
        buildDecoder();
    }

    private static void assignCanonicalCodes() {
        Integer[] order = new Integer[257];
        for (int i = 0; i < 257; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> LENGTHS[a] != LENGTHS[b] ? LENGTHS[a] - LENGTHS[b] : a - b);
        int code = 0;
        int previousLength = LENGTHS[order[0]];
        for (int i = 0; i < 257; i++) {
            int sym = order[i];
            if (i > 0) code = (code + 1) << (LENGTHS[sym] - previousLength);
            previousLength = LENGTHS[sym];
            CODES[sym] = code;
        }
    }

    private static void buildDecoder() {
        // child[node][bit]: 0 = absent (the root is never a child), > 0 internal node, < 0 leaf -(sym+1)
        int[][] child = new int[256][2];
        int nodes = 1;
        ALL_ONES[0] = true;
        for (int sym = 0; sym < 257; sym++) {
            int node = 0;
            for (int bit = LENGTHS[sym] - 1; bit > 0; bit--) {
                int b = (CODES[sym] >>> bit) & 1;
                if (child[node][b] == 0) {
                    int fresh = nodes++;
                    child[node][b] = fresh;
                    DEPTH[fresh] = (byte) (DEPTH[node] + 1);
                    ALL_ONES[fresh] = ALL_ONES[node] && b == 1;
                }
                node = child[node][b];
            }
            child[node][CODES[sym] & 1] = -(sym + 1);
        }
        if (nodes != 256) throw new IllegalStateException("Huffman table is not a complete code: " + nodes);
        for (int state = 0; state < 256; state++) {
            for (int octet = 0; octet < 256; octet++) {
                int node = state;
                int entry = 0;
                int emitted = 0;
                for (int k = 7; k >= 0 && entry != FAILS; k--) {
                    int next = child[node][(octet >>> k) & 1];
                    if (next >= 0) {
                        node = next;
                    } else if (-next - 1 == EOS) {
                        entry = FAILS;
                    } else {
                        entry |= (-next - 1) << (8 * emitted++);
                        node = 0;
                    }
                }
                STEP[state << 8 | octet] = entry == FAILS ? FAILS : entry | node << 16 | emitted << 24;
            }
        }
    }

    /** Code of {@code symbol}, right-aligned (for tests and diagnostics). */
    static int code(int symbol) {
        return CODES[symbol];
    }

    static int length(int symbol) {
        return LENGTHS[symbol];
    }

    /**
     * Room {@link #decode} needs in its destination for {@code encodedLength} octets: the decoded
     * length is at most 8/5 of it (codes are at least 5 bits), and decode may write one octet
     * past the last symbol.
     */
    static int maxDecodedLength(int encodedLength) {
        return (int) ((encodedLength * 8L) / 5) + 1;
    }

    /**
     * Decodes {@code len} octets of {@code src} from {@code off}. Writes the symbols into
     * {@code dst} (at least {@link #maxDecodedLength} long; null: a scratch array of its own)
     * and returns their number, or one of the negative outcomes when the input breaks §5.2.
     * Octets of {@code dst} past the returned length may have been overwritten.
     */
    static int decode(byte[] src, int off, int len, byte[] dst) {
        byte[] out = dst != null ? dst : new byte[maxDecodedLength(len)];
        int state = 0;
        int n = 0;
        for (int i = off, end = off + len; i < end; i++) {
            int e = STEP[state << 8 | (src[i] & 0xff)];
            if (e < 0) return CONTAINS_EOS;
            // Both slots are written whatever the count: no branch on it; the count moves n.
            out[n] = (byte) e;
            out[n + 1] = (byte) (e >>> 8);
            n += e >>> 24;
            state = (e >>> 16) & 0xff;
        }
        // What is left after the last symbol is padding: it must be a prefix of EOS (all ones)
        // and shorter than a byte.
        if (!ALL_ONES[state]) return PADDING_NOT_ONES;
        if (DEPTH[state] > 7) return PADDING_TOO_LONG;
        return n;
    }

    /** Octets the Huffman form of {@code s} takes (chars must be octets, 0..255). */
    static int encodedLength(String s) {
        long bits = 0;
        for (int i = 0; i < s.length(); i++) bits += LENGTHS[s.charAt(i) & 0xff];
        return (int) ((bits + 7) >>> 3);
    }

    /** Writes the Huffman form of {@code s}, padded with the high bits of EOS. */
    static void encode(String s, ByteArrayOutputStream out) {
        long acc = 0;
        int bits = 0;
        for (int i = 0; i < s.length(); i++) {
            int sym = s.charAt(i) & 0xff;
            acc = (acc << LENGTHS[sym]) | CODES[sym];
            bits += LENGTHS[sym];
            while (bits >= 8) {
                bits -= 8;
                out.write((int) (acc >>> bits));
            }
            acc &= (1L << bits) - 1;
        }
        if (bits > 0) out.write((int) ((acc << (8 - bits)) | (0xff >>> bits)));
    }
}
