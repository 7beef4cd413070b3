package io.grpcspec.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes frames held in a byte array (CLI, tests, recorded traces). Same rules and the same
 * order of checks as {@link FrameReader}; it only differs in where the bytes come from.
 */
public final class FrameDecoder {
    private FrameDecoder() {}

    /** A decoded frame and how many bytes (header included) it took. */
    public record Decoded(Frame frame, int length) {}

    /** The frame starting at {@code offset}; running out of bytes inside it is a truncation (FR-19). */
    public static Decoded decodeFirst(byte[] bytes, int offset, int maxFrameSize) throws FrameException {
        FrameReader.checkMaxFrameSize(maxFrameSize);
        int available = bytes.length - offset;
        if (available < FrameHeader.LENGTH) throw FrameParser.truncatedHeader(available);
        FrameHeader h = FrameHeader.parse(bytes, offset);
        FrameParser.checkHeader(h, maxFrameSize);
        int payloadAt = offset + FrameHeader.LENGTH;
        if (bytes.length - payloadAt < h.length()) throw FrameParser.truncatedPayload(h, bytes.length - payloadAt);
        byte[] payload = java.util.Arrays.copyOfRange(bytes, payloadAt, payloadAt + h.length());
        return new Decoded(FrameParser.parsePayload(h, payload), FrameHeader.LENGTH + h.length());
    }

    /** Every frame in {@code bytes}, which must end on a frame boundary. The first error stops decoding. */
    public static List<Frame> decodeAll(byte[] bytes, int maxFrameSize) throws FrameException {
        List<Frame> frames = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            Decoded d = decodeFirst(bytes, at, maxFrameSize);
            frames.add(d.frame());
            at += d.length();
        }
        return frames;
    }

    /** Every frame in {@code bytes} under the default 16384-byte limit. */
    public static List<Frame> decodeAll(byte[] bytes) throws FrameException {
        return decodeAll(bytes, FrameReader.DEFAULT_MAX_FRAME_SIZE);
    }
}
