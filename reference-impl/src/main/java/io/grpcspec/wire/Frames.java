package io.grpcspec.wire;

/** Small helpers shared by the frame records. */
final class Frames {
    private Frames() {}

    static void checkPadding(int padLength) {
        if (padLength != Frame.NO_PADDING && (padLength < 0 || padLength > 255)) {
            throw new IllegalArgumentException("pad length is 0..255 or NO_PADDING");
        }
    }

    /** The Pad Length byte plus the padding itself. */
    static int paddingOverhead(int padLength) {
        return padLength == Frame.NO_PADDING ? 0 : 1 + padLength;
    }
}
