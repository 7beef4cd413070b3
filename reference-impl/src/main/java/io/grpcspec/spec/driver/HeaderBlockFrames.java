package io.grpcspec.spec.driver;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeadersFrame;
import java.util.ArrayList;
import java.util.List;

/** An encoded header block as the frames that carry it (RFC 9113 §4.3, §6.2, §6.10). */
public final class HeaderBlockFrames {
    private HeaderBlockFrames() {}

    /**
     * A HEADERS frame with the first {@code maxFrameSize} octets of {@code block}, then
     * CONTINUATION frames of at most {@code maxFrameSize} octets each; END_HEADERS on the last
     * one, END_STREAM (when asked) on the HEADERS frame. An empty block is one empty HEADERS frame.
     */
    public static List<Frame> split(int streamId, Bytes block, boolean endStream, int maxFrameSize) {
        if (maxFrameSize <= 0) throw new IllegalArgumentException("max frame size " + maxFrameSize);
        List<Frame> out = new ArrayList<>(1 + block.length() / maxFrameSize);
        int first = Math.min(block.length(), maxFrameSize);
        out.add(new HeadersFrame(streamId, block.slice(0, first), endStream, first == block.length()));
        for (int at = first; at < block.length(); at += maxFrameSize) {
            int end = Math.min(block.length(), at + maxFrameSize);
            out.add(new ContinuationFrame(streamId, block.slice(at, end), end == block.length()));
        }
        return out;
    }
}
