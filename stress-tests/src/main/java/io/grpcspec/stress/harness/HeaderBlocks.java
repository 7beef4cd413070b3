package io.grpcspec.stress.harness;

import io.grpcspec.hpack.DecodeResult;
import io.grpcspec.hpack.DecoderState;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import java.util.List;
import java.util.Map;

/**
 * What a peer would make of the header blocks in a written frame sequence: whether each block's
 * HEADERS and CONTINUATION frames came back to back (RFC 9113 §4.3, HeaderBlockRules HB-1..HB-3)
 * and whether the blocks decode, in wire order, to the lists that were sent (RFC 7541: one
 * dynamic table per direction, so blocks must reach the wire in the order they were encoded).
 * Shared by the tests of the real connection and the teeth tests of unsafe variants.
 */
public final class HeaderBlocks {
    private HeaderBlocks() {}

    /** "contiguous", or "interleaved: ..." naming the first frame that cut into a block. */
    public static String contiguity(List<Frame> frames) {
        int open = 0; // the stream whose block is unfinished, 0 for none
        for (Frame f : frames) {
            if (open != 0) {
                if (!(f instanceof ContinuationFrame c) || c.streamId() != open) {
                    return "interleaved: " + f.typeName() + " on stream " + f.streamId() + " inside the block of stream " + open;
                }
                if (c.endHeaders()) open = 0;
            } else if (f instanceof HeadersFrame h && !h.endHeaders()) {
                open = h.streamId();
            } else if (f instanceof ContinuationFrame c) {
                return "interleaved: CONTINUATION on stream " + c.streamId() + " outside a block";
            }
        }
        return open == 0 ? "contiguous" : "interleaved: block of stream " + open + " never finished";
    }

    /**
     * Decodes every header block in wire order with one fresh decoder and compares each with
     * {@code sent} (the list each stream was given; streams not in the map are not compared).
     * "decoded", or what went wrong first.
     */
    public static String decoding(List<Frame> frames, Map<Integer, List<HeaderField>> sent) {
        DecoderState decoder = DecoderState.initial(Long.MAX_VALUE);
        Bytes block = null;
        int stream = 0;
        for (Frame f : frames) {
            boolean end;
            if (f instanceof HeadersFrame h) {
                block = h.fragment();
                stream = h.streamId();
                end = h.endHeaders();
            } else if (f instanceof ContinuationFrame c && block != null) {
                block = block.concat(c.fragment());
                end = c.endHeaders();
            } else {
                continue;
            }
            if (!end) continue;
            DecoderState.Decoded d = decoder.decode(block);
            decoder = d.state();
            block = null;
            if (!(d.result() instanceof DecodeResult.Fields(var fields))) return "undecodable block on stream " + stream + ": " + d.result();
            List<HeaderField> expected = sent.get(stream);
            if (expected != null && !sameFields(expected, fields)) return "stream " + stream + " decoded to another list";
        }
        return "decoded";
    }

    private static boolean sameFields(List<HeaderField> a, List<HeaderField> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).name().equals(b.get(i).name()) || !a.get(i).value().equals(b.get(i).value())) return false;
        }
        return true;
    }
}
