package io.grpcspec.wire;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads frames from a blocking byte stream (the socket transport's reader thread).
 *
 * <p>{@link #readFrame()} returns one whole frame, or null when the stream ends exactly between
 * two frames. Malformed input ends in a {@link FrameException}, never in a partly read frame:
 * <ul>
 *   <li>an error the header alone proves is raised before the payload is waited for; the
 *       reader then refuses to read further, because the byte stream is no longer on a frame
 *       boundary (so is every other error whose kind is not resumable);</li>
 *   <li>an error of a {@linkplain FrameError.Kind#resumable() resumable} kind is raised only
 *       after the whole frame has been consumed, so the next {@code readFrame()} starts on the
 *       next frame. Whether reading should go on is the caller's decision.</li>
 * </ul>
 *
 * <p>The limit is our own SETTINGS_MAX_FRAME_SIZE. The transport raises it once the peer has
 * ACKed SETTINGS that announce a larger one (RFC 9113 §6.5.3: it only binds the peer from then);
 * it may do so from another thread, hence volatile. Not safe for concurrent readFrame calls.
 */
public final class FrameReader {
    /** SETTINGS_MAX_FRAME_SIZE until a SETTINGS frame changes it, and its lowest legal value (§6.5.2). */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16_384;
    /** The highest legal SETTINGS_MAX_FRAME_SIZE (§6.5.2). */
    public static final int MAX_MAX_FRAME_SIZE = FrameHeader.MAX_LENGTH;

    private final InputStream in;
    private final byte[] header = new byte[FrameHeader.LENGTH];
    private volatile int maxFrameSize;
    private FrameException failed;

    public FrameReader(InputStream in) {
        this(in, DEFAULT_MAX_FRAME_SIZE);
    }

    public FrameReader(InputStream in, int maxFrameSize) {
        this.in = in;
        maxFrameSize(maxFrameSize);
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** Sets the largest payload accepted from now on: 16384..16777215, as SETTINGS_MAX_FRAME_SIZE allows. */
    public void maxFrameSize(int size) {
        checkMaxFrameSize(size);
        this.maxFrameSize = size;
    }

    static void checkMaxFrameSize(int size) {
        if (size < DEFAULT_MAX_FRAME_SIZE || size > MAX_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("SETTINGS_MAX_FRAME_SIZE must be 16384..16777215, not " + size);
        }
    }

    /**
     * The next frame, or null at a clean end of input (end of stream on a frame boundary).
     *
     * @throws FrameException the input broke an FR rule (see the class comment for what follows)
     * @throws IOException    the stream itself failed
     * @throws IllegalStateException called again after a FrameException that was not resumable
     */
    public Frame readFrame() throws IOException, FrameException {
        if (failed != null) throw new IllegalStateException("reader stopped after: " + failed.getMessage());
        try {
            int got = in.readNBytes(header, 0, FrameHeader.LENGTH);
            if (got == 0) return null;
            if (got < FrameHeader.LENGTH) throw FrameParser.truncatedHeader(got);
            FrameHeader h = FrameHeader.parse(header, 0);
            FrameParser.checkHeader(h, maxFrameSize);
            // readNBytes(int) grows its buffer as bytes arrive, so a peer announcing a large
            // frame and then stalling does not make us allocate the announced size up front.
            byte[] payload = in.readNBytes(h.length());
            if (payload.length < h.length()) throw FrameParser.truncatedPayload(h, payload.length);
            return FrameParser.parsePayload(h, payload);
        } catch (FrameException e) {
            if (!e.kind().resumable()) failed = e;
            throw e;
        }
    }
}
