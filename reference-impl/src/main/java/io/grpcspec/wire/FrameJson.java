package io.grpcspec.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Frames and frame errors as one-line JSON objects, for tools that read traces and the CLI's
 * {@code --json}. Common fields: {@code length}, {@code type}, {@code type_code}, {@code flags}
 * (the octet), {@code flag_names}, {@code stream_id}; then the type's own fields in snake case.
 * Byte strings are lower-case hex in fields ending {@code _hex}.
 */
public final class FrameJson {
    private FrameJson() {}

    public static String render(Frame f) {
        JsonText j = new JsonText()
                .field("length", f.payloadLength())
                .field("type", f.typeName())
                .field("type_code", f.typeCode())
                .field("flags", f.flags())
                .field("flag_names", f instanceof UnknownFrame ? List.of() : Flags.names(f.typeCode(), f.flags()))
                .field("stream_id", f.streamId());
        if (f instanceof DataFrame d) {
            j.field("end_stream", d.endStream());
            padLength(j, d.padLength());
            j.field("data_hex", d.data().hex());
        } else if (f instanceof HeadersFrame h) {
            j.field("end_stream", h.endStream()).field("end_headers", h.endHeaders());
            padLength(j, h.padLength());
            if (h.priority() != null) j.rawField("priority", priority(h.priority()));
            j.field("fragment_hex", h.fragment().hex());
        } else if (f instanceof PriorityFrame p) {
            j.rawField("priority", priority(p.priority()));
        } else if (f instanceof RstStreamFrame r) {
            errorCode(j, r.errorCode());
        } else if (f instanceof SettingsFrame s) {
            j.field("ack", s.ack());
            List<String> entries = new ArrayList<>();
            for (Setting setting : s.settings()) {
                entries.add(new JsonText().field("id", setting.id()).field("name", SettingId.name(setting.id()))
                        .field("value", setting.value()).done());
            }
            j.rawField("settings", "[" + String.join(",", entries) + "]");
        } else if (f instanceof PushPromiseFrame pp) {
            j.field("end_headers", pp.endHeaders());
            padLength(j, pp.padLength());
            j.field("promised_stream_id", pp.promisedStreamId()).field("fragment_hex", pp.fragment().hex());
        } else if (f instanceof PingFrame ping) {
            j.field("ack", ping.ack()).field("opaque_data", String.format("%016x", ping.opaqueData()));
        } else if (f instanceof GoAwayFrame g) {
            j.field("last_stream_id", g.lastStreamId());
            errorCode(j, g.errorCode());
            j.field("debug_data", g.debugData().ascii()).field("debug_data_hex", g.debugData().hex());
        } else if (f instanceof WindowUpdateFrame w) {
            j.field("increment", w.increment());
        } else if (f instanceof ContinuationFrame c) {
            j.field("end_headers", c.endHeaders()).field("fragment_hex", c.fragment().hex());
        } else if (f instanceof UnknownFrame u) {
            j.field("payload_hex", u.payload().hex());
        }
        return j.done();
    }

    private static void padLength(JsonText j, int padLength) {
        if (padLength != Frame.NO_PADDING) j.field("pad_length", padLength);
    }

    private static void errorCode(JsonText j, long code) {
        j.field("error_code", ErrorCode.describe(code)).field("error_code_value", code);
    }

    private static String priority(Priority p) {
        return new JsonText().field("stream_dependency", p.streamDependency()).field("exclusive", p.exclusive())
                .field("weight", p.weight()).done();
    }
}
