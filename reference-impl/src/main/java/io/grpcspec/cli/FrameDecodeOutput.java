package io.grpcspec.cli;

import io.grpcspec.wire.FrameDecoder;

/** Messages of {@code frame decode} that are not about the frame itself. */
final class FrameDecodeOutput {
    private FrameDecodeOutput() {}

    /** Input continues after a complete frame: decode takes exactly one, so say what was left. */
    static String trailing(FrameDecoder.Decoded d, int trailing, boolean json) {
        String detail = trailing + " trailing byte" + (trailing == 1 ? "" : "s") + " after the "
                + d.frame().typeName() + " frame (" + d.length() + " bytes: 9-byte header + "
                + (d.length() - 9) + "-byte payload); decode takes exactly one frame";
        if (!json) return "error: " + detail;
        return "{\"error\":{\"trailing_bytes\":" + trailing + ",\"frame_type\":\"" + d.frame().typeName()
                + "\",\"detail\":\"" + detail + "\"}}";
    }
}
