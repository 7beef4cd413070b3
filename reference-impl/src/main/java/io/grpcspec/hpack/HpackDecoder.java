package io.grpcspec.hpack;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.util.List;

/**
 * A mutable holder of a {@link DecoderState}, for callers that decode a sequence of blocks in
 * one place (the CLI's story check, raw test clients). Every method delegates to the value; the
 * decoding itself lives there only. Not thread-safe.
 */
public final class HpackDecoder {

    /** Initial SETTINGS_HEADER_TABLE_SIZE of HTTP/2 (RFC 9113 §6.5.2). */
    public static final int DEFAULT_TABLE_SIZE = DecoderState.DEFAULT_TABLE_SIZE;

    private DecoderState state;

    /** A decoder with the HTTP/2 initial table size (4096) and no header-list limit. */
    public HpackDecoder() {
        this(DEFAULT_TABLE_SIZE, Long.MAX_VALUE);
    }

    /** See {@link DecoderState#initial(int, long)}. */
    public HpackDecoder(int initialTableSize, long maxHeaderListSize) {
        this(DecoderState.initial(initialTableSize, maxHeaderListSize));
    }

    public HpackDecoder(DecoderState state) {
        this.state = state;
    }

    /** See {@link DecoderState#withMaxTableSize(int)}. */
    public void setMaxTableSize(int acknowledgedLimit) {
        state = state.withMaxTableSize(acknowledgedLimit);
    }

    /** The SETTINGS_MAX_HEADER_LIST_SIZE we advertise; {@code Long.MAX_VALUE} for none. */
    public void setMaxHeaderListSize(long maxHeaderListSize) {
        state = state.withMaxHeaderListSize(maxHeaderListSize);
    }

    public DecodeResult decode(Bytes block) {
        DecoderState.Decoded d = state.decode(block);
        state = d.state();
        return d.result();
    }

    public DecodeResult decode(byte[] block, int offset, int length) {
        DecoderState.Decoded d = state.decode(block, offset, length);
        state = d.state();
        return d.result();
    }

    public DecoderState state() {
        return state;
    }

    /** Current maximum size of the dynamic table, as last set by the peer's size updates. */
    public int maxDynamicTableSize() {
        return state.table().maxSize();
    }

    /** Current size of the dynamic table (RFC 7541 §4.1). */
    public long dynamicTableSize() {
        return state.table().size();
    }

    /** The dynamic table, newest entry first. */
    public List<HeaderField> dynamicTable() {
        return state.table().entries();
    }
}
