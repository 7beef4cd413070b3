package io.grpcspec.cli;

import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.codec.FrameErrors;
import io.grpcspec.wire.FrameDecoder;
import io.grpcspec.wire.FrameError;
import io.grpcspec.wire.JsonText;

/** Messages of {@code frame decode} that are not the frame itself. */
final class FrameDecodeOutput {
    private FrameDecodeOutput() {}

    /**
     * A malformed frame, with the verdict the spec gives it ({@link FrameErrors}): one line
     * {@code error: CODE (scope) rule FR-n: detail}, or {@code {"error":{...}}} with the code,
     * scope, rule, stream, frame type and detail.
     */
    static String error(FrameError e, boolean json) {
        if (!json) return "error: " + FrameErrors.describe(e);
        Violation v = FrameErrors.violation(e);
        StringBuilder sb = new StringBuilder("{\"error\":{\"code\":");
        JsonText.quote(sb, v.code().name());
        sb.append(",\"scope\":");
        JsonText.quote(sb, v.scope() == Scope.STREAM ? "stream" : "connection");
        sb.append(",\"rule\":");
        JsonText.quote(sb, v.rule().id());
        sb.append(",\"stream_id\":").append(e.streamId()).append(",\"frame_type\":");
        JsonText.quote(sb, e.frameTypeName());
        sb.append(",\"detail\":");
        JsonText.quote(sb, e.detail());
        return sb.append("}}").toString();
    }

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
