package io.grpcspec.wire;

import static io.grpcspec.wire.RawFrames.decode;
import static io.grpcspec.wire.RawFrames.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpcspec.testing.Checks;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bits and types a receiver must ignore: the reserved bit, undefined flags, unknown frame types. */
class FrameBitsRulesTest {

    @Test
    @Checks("FR-15")
    void reservedBitIsIgnoredOnRead() {
        assertEquals(1, decode(frame(0x0, 0, 0x8000_0001L, "")).streamId());
        assertEquals(0, decode(frame(0x6, 0, 0x8000_0000L, "0000000000000000")).streamId(),
                "with R set, stream 0 is still stream 0: not an FR-13 error");
        assertEquals(new WindowUpdateFrame(1, 1), decode(frame(0x8, 0, 0x8000_0001L, "80000001")));
        assertEquals(3, ((GoAwayFrame) decode(frame(0x7, 0, 0, "80000003 00000000"))).lastStreamId());
        assertEquals(2, ((PushPromiseFrame) decode(frame(0x5, 0x4, 1, "80000002"))).promisedStreamId());
    }

    @Test
    @Checks("FR-15")
    void reservedBitIsWrittenAsZero() {
        assertArrayEquals(frame(0x8, 0, 0x7fff_ffffL, "7fffffff"),
                FrameWriter.encode(new WindowUpdateFrame(Integer.MAX_VALUE, Integer.MAX_VALUE)));
        assertArrayEquals(frame(0x7, 0, 0, "7fffffff 00000000"),
                FrameWriter.encode(new GoAwayFrame(Integer.MAX_VALUE, ErrorCode.NO_ERROR, Bytes.EMPTY)));
        assertArrayEquals(frame(0x5, 0x4, 1, "7fffffff"),
                FrameWriter.encode(new PushPromiseFrame(1, Integer.MAX_VALUE, Bytes.EMPTY, true, Frame.NO_PADDING)));
    }

    @Test
    @Checks("FR-16")
    void unknownFrameTypesAreReadWholeAndReadingGoesOn() throws Exception {
        byte[] unknown = frame(0xfa, 0xff, 0x8000_0007L, "deadbeef");
        assertEquals(new UnknownFrame(0xfa, 0xff, 7, Bytes.ofHex("deadbeef")), decode(unknown));
        assertEquals(new UnknownFrame(0x0a, 0, 0, Bytes.EMPTY), decode(frame(0x0a, 0, 0, "")));
        FrameReader reader = new FrameReader(new ByteArrayInputStream(
                RawFrames.concat(unknown, frame(0x6, 0x1, 0, "0000000000000009"))));
        reader.readFrame();
        assertEquals(new PingFrame(true, 9), reader.readFrame());
        assertNull(reader.readFrame());
    }

    @Test
    @Checks("FR-16")
    void unknownFramesRoundTripBitExactly() {
        byte[] unknown = frame(0xfa, 0x5a, 7, "00ff");
        assertArrayEquals(unknown, FrameWriter.encode(decode(unknown)));
    }

    @Test
    @Checks("FR-17")
    void undefinedFlagsAreIgnoredOnRead() {
        assertEquals(new PingFrame(false, 0), decode(frame(0x6, 0xfe, 0, "0000000000000000")));
        assertEquals(new DataFrame(1, Bytes.ofHex("aa"), false), decode(frame(0x0, 0xf6, 1, "aa")),
                "0xf6 sets every DATA bit except END_STREAM and PADDED");
        assertEquals(new SettingsFrame(false, List.of(new Setting(3, 100))),
                decode(frame(0x4, 0xfe, 0, "000300000064")));
        assertEquals(new ContinuationFrame(1, Bytes.ofHex("82"), false), decode(frame(0x9, 0xfb, 1, "82")));
        assertEquals(new RstStreamFrame(1, 8), decode(frame(0x3, 0xff, 1, "00000008")));
    }

    @Test
    @Checks("FR-17")
    void writerSetsOnlyDefinedFlags() {
        assertEquals(0, FrameWriter.encode(decode(frame(0x6, 0xfe, 0, "0000000000000000")))[4]);
        assertEquals(0x01, FrameWriter.encode(decode(frame(0x0, 0xf7, 1, "")))[4]);
        assertEquals(0, FrameWriter.encode(decode(frame(0x8, 0xff, 1, "00000001")))[4]);
        assertEquals(0x04, FrameWriter.encode(decode(frame(0x9, 0xff, 1, "")))[4]);
    }
}
