package io.grpcspec.transport;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.SettingsFrame;

/**
 * What the connection's single writer can be asked to do, in {@link ControlBuffer} order. The
 * spec machines decide every item; the writer only encodes and writes them.
 */
public sealed interface WriteItem {

    /** One frame, written as is. */
    record FrameItem(Frame frame) implements WriteItem {}

    /**
     * An HPACK-encoded header block, written as HEADERS + CONTINUATION frames of at most
     * {@code maxFrameSize} payload octets each, back to back (RFC 9113 §4.3: nothing may come
     * between them). {@code maxFrameSize} is the peer's limit when the block was queued.
     */
    record HeaderBlockItem(int streamId, Bytes block, boolean endStream, int maxFrameSize) implements WriteItem {}

    /** The 24-octet client connection preface. */
    record PrefaceItem() implements WriteItem {}

    /** Flush everything before, then close the socket. Nothing after it is written. */
    record CloseItem(String reason) implements WriteItem {}

    /**
     * Items that only answer the peer (SETTINGS ACK, PING ACK, RST_STREAM): the control buffer
     * counts them to throttle a reader facing a flood.
     */
    static boolean isResponse(WriteItem item) {
        if (!(item instanceof FrameItem f)) return false;
        Frame frame = f.frame();
        return frame instanceof RstStreamFrame
                || (frame instanceof PingFrame p && p.ack())
                || (frame instanceof SettingsFrame s && s.ack());
    }
}
