package io.grpcspec.transport;

import io.grpcspec.wire.Frame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.SettingsFrame;
import java.util.List;

/**
 * What the connection's single writer can be asked to do, in {@link ControlBuffer} order. The
 * driver decides every item; the writer only encodes and writes them.
 */
public sealed interface WriteItem {

    /** One frame, written as is. */
    record FrameItem(Frame frame) implements WriteItem {}

    /**
     * A header block's HEADERS and CONTINUATION frames, already cut by the driver, written back
     * to back: one item, so nothing can come between them (RFC 9113 §4.3).
     */
    record BlockItem(List<Frame> frames) implements WriteItem {
        public BlockItem {
            frames = List.copyOf(frames);
        }
    }

    /** The 24-octet client connection preface. */
    record PrefaceItem() implements WriteItem {}

    /** Flush everything before, then close the socket. Nothing after it is written. */
    record CloseItem(String reason) implements WriteItem {}

    /**
     * Items that only answer the peer (SETTINGS ACK, PING ACK, RST_STREAM): the control buffer
     * counts them to throttle a reader facing a flood.
     */
    static boolean isResponse(WriteItem item) {
        return switch (item) {
            case FrameItem(Frame frame) -> frame instanceof RstStreamFrame
                    || (frame instanceof PingFrame p && p.ack())
                    || (frame instanceof SettingsFrame s && s.ack());
            case BlockItem b -> false;
            case PrefaceItem p -> false;
            case CloseItem c -> false;
        };
    }
}
