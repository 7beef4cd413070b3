package io.grpcspec.hpack;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.util.List;

/**
 * A mutable holder of an {@link EncoderState}, for callers that encode a sequence of blocks in
 * one place (the CLI's story check, raw test clients). Every method delegates to the value; the
 * encoding itself lives there only. Not thread-safe.
 */
public final class HpackEncoder {

    private EncoderState state;

    /** Starts from the HTTP/2 initial table size, with Huffman coding. */
    public HpackEncoder() {
        this(EncoderState.initial());
    }

    /** See {@link EncoderState#initial(int, int, boolean)}. */
    public HpackEncoder(int initialTableSize, int tableSizeCap, boolean huffman) {
        this(EncoderState.initial(initialTableSize, tableSizeCap, huffman));
    }

    public HpackEncoder(EncoderState state) {
        this.state = state;
    }

    /** See {@link EncoderState#withMaxTableSize(long)}. */
    public void setMaxTableSize(long peerLimit) {
        state = state.withMaxTableSize(peerLimit);
    }

    /** Encodes one header list as one header block. */
    public Bytes encode(List<HeaderField> fields) {
        EncoderState.Encoded e = state.encode(fields);
        state = e.state();
        return e.block();
    }

    public EncoderState state() {
        return state;
    }

    /** Current maximum size of the dynamic table (after the updates already emitted). */
    public int maxDynamicTableSize() {
        return state.table().maxSize();
    }

    public long dynamicTableSize() {
        return state.table().size();
    }
}
