package io.grpcspec.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.spec.Scope;
import io.grpcspec.spec.codec.FrameErrors;
import io.grpcspec.spec.codec.FrameRules;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameFormatTest {

    @Test
    void describesEachTypeOnOneLine() {
        assertEquals("HEADERS stream=1 flags=END_HEADERS|END_STREAM fragment=27 bytes",
                FrameFormat.describe(new HeadersFrame(1, Bytes.of(new byte[27]), true, true)));
        assertEquals("HEADERS stream=5 flags=PRIORITY|PADDED|END_HEADERS fragment=1 bytes pad=1"
                        + " priority=(depends_on=3 exclusive=true weight=16)",
                FrameFormat.describe(new HeadersFrame(5, Bytes.ofHex("82"), false, true, 1, new Priority(3, true, 16))));
        assertEquals("SETTINGS ack=false [MAX_FRAME_SIZE=16384, INITIAL_WINDOW_SIZE=1048576]",
                FrameFormat.describe(SettingsFrame.of(new Setting(5, 16_384), new Setting(4, 1_048_576))));
        assertEquals("SETTINGS ack=true", FrameFormat.describe(SettingsFrame.ACK_FRAME));
        assertEquals("GOAWAY last_stream=3 error=PROTOCOL_ERROR debug=\"bad \\\"x\\\"\\n\\x00\"",
                FrameFormat.describe(new GoAwayFrame(3, ErrorCode.PROTOCOL_ERROR, Bytes.ofAscii("bad \"x\"\n\0"))));
        assertEquals("GOAWAY last_stream=0 error=UNKNOWN(0xabc)", FrameFormat.describe(new GoAwayFrame(0, 0xabc, Bytes.EMPTY)));
        assertEquals("DATA stream=1 flags=PADDED|END_STREAM data=2 bytes pad=0",
                FrameFormat.describe(new DataFrame(1, Bytes.ofAscii("hi"), true, 0)));
        assertEquals("DATA stream=3 flags=none data=0 bytes", FrameFormat.describe(new DataFrame(3, Bytes.EMPTY, false)));
        assertEquals("PRIORITY stream=3 depends_on=1 exclusive=false weight=16",
                FrameFormat.describe(new PriorityFrame(3, new Priority(1, false, 16))));
        assertEquals("RST_STREAM stream=1 error=CANCEL", FrameFormat.describe(new RstStreamFrame(1, ErrorCode.CANCEL)));
        assertEquals("PUSH_PROMISE stream=1 flags=END_HEADERS promised_stream=2 fragment=0 bytes",
                FrameFormat.describe(new PushPromiseFrame(1, 2, Bytes.EMPTY, true, Frame.NO_PADDING)));
        assertEquals("PING ack=true opaque=0x00000000000000ff", FrameFormat.describe(new PingFrame(true, 255)));
        assertEquals("WINDOW_UPDATE stream=0 increment=65535", FrameFormat.describe(new WindowUpdateFrame(0, 65_535)));
        assertEquals("CONTINUATION stream=1 flags=none fragment=1 bytes",
                FrameFormat.describe(new ContinuationFrame(1, Bytes.ofHex("82"), false)));
        assertEquals("UNKNOWN(0xfa) stream=7 flags=0x5a payload=2 bytes",
                FrameFormat.describe(new UnknownFrame(0xfa, 0x5a, 7, Bytes.ofHex("00ff"))));
    }

    @Test
    void longDebugDataIsCutInDescriptionsOnly() {
        GoAwayFrame g = new GoAwayFrame(1, ErrorCode.NO_ERROR, Bytes.ofAscii("y".repeat(500)));
        assertEquals("GOAWAY last_stream=1 error=NO_ERROR debug=\"" + "y".repeat(FrameFormat.MAX_TEXT) + "…(500 bytes)\"",
                FrameFormat.describe(g));
        assertEquals(true, FrameJson.render(g).contains("\"debug_data\":\"" + "y".repeat(500) + "\""));
    }

    @Test
    void rendersJsonWithCommonAndTypeSpecificFields() {
        assertEquals("{\"length\":12,\"type\":\"SETTINGS\",\"type_code\":4,\"flags\":0,\"flag_names\":[],\"stream_id\":0,"
                        + "\"ack\":false,\"settings\":[{\"id\":5,\"name\":\"MAX_FRAME_SIZE\",\"value\":16384},"
                        + "{\"id\":4,\"name\":\"INITIAL_WINDOW_SIZE\",\"value\":1048576}]}",
                FrameJson.render(SettingsFrame.of(new Setting(5, 16_384), new Setting(4, 1_048_576))));
        assertEquals("{\"length\":8,\"type\":\"HEADERS\",\"type_code\":1,\"flags\":44,"
                        + "\"flag_names\":[\"PRIORITY\",\"PADDED\",\"END_HEADERS\"],\"stream_id\":5,\"end_stream\":false,"
                        + "\"end_headers\":true,\"pad_length\":1,"
                        + "\"priority\":{\"stream_dependency\":3,\"exclusive\":false,\"weight\":16},\"fragment_hex\":\"82\"}",
                FrameJson.render(new HeadersFrame(5, Bytes.ofHex("82"), false, true, 1, new Priority(3, false, 16))));
        assertEquals("{\"length\":10,\"type\":\"GOAWAY\",\"type_code\":7,\"flags\":0,\"flag_names\":[],\"stream_id\":0,"
                        + "\"last_stream_id\":3,\"error_code\":\"UNKNOWN(0xff)\",\"error_code_value\":255,"
                        + "\"debug_data\":\"\\\"\\u0001\",\"debug_data_hex\":\"2201\"}",
                FrameJson.render(new GoAwayFrame(3, 255, Bytes.ofHex("2201"))));
        assertEquals("{\"length\":4,\"type\":\"RST_STREAM\",\"type_code\":3,\"flags\":0,\"flag_names\":[],\"stream_id\":1,"
                        + "\"error_code\":\"CANCEL\",\"error_code_value\":8}",
                FrameJson.render(new RstStreamFrame(1, ErrorCode.CANCEL)));
        assertEquals("{\"length\":8,\"type\":\"PING\",\"type_code\":6,\"flags\":1,\"flag_names\":[\"ACK\"],\"stream_id\":0,"
                        + "\"ack\":true,\"opaque_data\":\"0102030405060708\"}",
                FrameJson.render(new PingFrame(true, 0x0102030405060708L)));
        assertEquals("{\"length\":5,\"type\":\"PUSH_PROMISE\",\"type_code\":5,\"flags\":4,\"flag_names\":[\"END_HEADERS\"],"
                        + "\"stream_id\":1,\"end_headers\":true,\"promised_stream_id\":2,\"fragment_hex\":\"82\"}",
                FrameJson.render(new PushPromiseFrame(1, 2, Bytes.ofHex("82"), true, Frame.NO_PADDING)));
        assertEquals("{\"length\":3,\"type\":\"DATA\",\"type_code\":0,\"flags\":9,\"flag_names\":[\"PADDED\",\"END_STREAM\"],"
                        + "\"stream_id\":1,\"end_stream\":true,\"pad_length\":0,\"data_hex\":\"6869\"}",
                FrameJson.render(new DataFrame(1, Bytes.ofAscii("hi"), true, 0)));
        assertEquals("{\"length\":4,\"type\":\"WINDOW_UPDATE\",\"type_code\":8,\"flags\":0,\"flag_names\":[],\"stream_id\":0,"
                        + "\"increment\":1}", FrameJson.render(new WindowUpdateFrame(0, 1)));
        assertEquals("{\"length\":2,\"type\":\"UNKNOWN(0xfa)\",\"type_code\":250,\"flags\":90,\"flag_names\":[],"
                        + "\"stream_id\":7,\"payload_hex\":\"00ff\"}",
                FrameJson.render(new UnknownFrame(0xfa, 0x5a, 7, Bytes.ofHex("00ff"))));
        assertEquals(List.of(), Flags.names(2, 0));
    }

    @Test
    void describesFrameErrorsInWireTermsAndTheSpecNamesTheRule() {
        FrameException e = RawFrames.reject(RawFrames.frame(0x6, 0, 0, "00000000000000"), FrameRules.FR_3,
                ErrorCode.FRAME_SIZE_ERROR, Scope.CONNECTION);
        assertEquals("PING_LENGTH (PING, stream 0): PING payload is 7 bytes, must be 8", e.getMessage());
        assertEquals("FRAME_SIZE_ERROR (connection) rule FR-3: PING payload is 7 bytes, must be 8", FrameErrors.describe(e.error()));
    }
}
