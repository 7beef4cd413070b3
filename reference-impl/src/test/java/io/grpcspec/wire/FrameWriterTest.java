package io.grpcspec.wire;

import static io.grpcspec.wire.RawFrames.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpcspec.testing.Checks;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact bytes, laid out by hand from the RFC 9113 §6 figures. */
class FrameWriterTest {

    private static void assertBytes(String expectedHex, Frame f) throws Exception {
        byte[] want = hex(expectedHex);
        assertArrayEquals(want, FrameWriter.encode(f), f.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter.write(f, out);
        assertArrayEquals(want, out.toByteArray());
        byte[] dst = new byte[want.length + 3];
        assertEquals(want.length, FrameWriter.encode(f, dst, 3));
        assertArrayEquals(want, java.util.Arrays.copyOfRange(dst, 3, dst.length));
        assertEquals(f, RawFrames.decode(want));
    }

    @Test
    @Checks({"FR-15", "FR-17", "FR-18"})
    void everyTypeHasItsExactLayout() throws Exception {
        assertBytes("000005 00 09 00000003 02 6869 0000", new DataFrame(3, Bytes.ofAscii("hi"), true, 2));
        assertBytes("000000 00 00 00000001", new DataFrame(1, Bytes.EMPTY, false));
        assertBytes("000002 01 05 00000001 8286", new HeadersFrame(1, Bytes.ofHex("8286"), true, true));
        assertBytes("000008 01 2c 00000005 01 00000003 0f 82 00",
                new HeadersFrame(5, Bytes.ofHex("82"), false, true, 1, new Priority(3, false, 16)));
        assertBytes("000005 02 00 00000003 80000001 ff", new PriorityFrame(3, new Priority(1, true, 256)));
        assertBytes("000004 03 00 00000001 00000008", new RstStreamFrame(1, ErrorCode.CANCEL));
        assertBytes("000004 03 00 00000001 fffffffe", new RstStreamFrame(1, 0xfffffffeL));
        assertBytes("00000c 04 00 00000000 0005 00004000 0004 00100000",
                SettingsFrame.of(new Setting(SettingId.MAX_FRAME_SIZE, 16_384),
                        new Setting(SettingId.INITIAL_WINDOW_SIZE, 1_048_576)));
        assertBytes("000000 04 01 00000000", SettingsFrame.ACK_FRAME);
        assertBytes("000007 05 0c 00000001 01 00000002 82 00",
                new PushPromiseFrame(1, 2, Bytes.ofHex("82"), true, 1));
        assertBytes("000008 06 01 00000000 0000000000000001", new PingFrame(true, 1));
        assertBytes("000008 06 00 00000000 ffffffffffffffff", new PingFrame(false, -1));
        assertBytes("000009 07 00 00000000 00000003 00000001 78",
                new GoAwayFrame(3, ErrorCode.PROTOCOL_ERROR, Bytes.ofAscii("x")));
        assertBytes("000004 08 00 00000000 0000ffff", new WindowUpdateFrame(0, 65_535));
        assertBytes("000001 09 00 00000001 82", new ContinuationFrame(1, Bytes.ofHex("82"), false));
        assertBytes("000002 fa 5a 00000007 00ff", new UnknownFrame(0xfa, 0x5a, 7, Bytes.ofHex("00ff")));
    }

    @Test
    void valuesTheWireCannotHoldAreProgrammingErrors() {
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.encode(new DataFrame(-1, Bytes.EMPTY, false)));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.encode(new RstStreamFrame(1, 1L << 32)));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.encode(new PushPromiseFrame(1, -5, Bytes.EMPTY,
                true, Frame.NO_PADDING)));
        assertThrows(IllegalArgumentException.class,
                () -> FrameWriter.encode(new ContinuationFrame(1, Bytes.of(new byte[1 << 24]), true)));
        assertEquals(List.of("PRIORITY", "PADDED", "END_HEADERS", "END_STREAM"), Flags.names(1, 0x2d));
    }
}
