package io.grpcspec.wire;

import static io.grpcspec.wire.ErrorCode.PROTOCOL_ERROR;
import static io.grpcspec.wire.RawFrames.decode;
import static io.grpcspec.wire.RawFrames.frame;
import static io.grpcspec.wire.RawFrames.reject;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.spec.Scope;
import io.grpcspec.spec.codec.FrameRules;
import io.grpcspec.testing.Checks;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Pad Length against the payload, and the value of padding octets. */
class FramePaddingRulesTest {

    @Test
    @Checks("FR-11")
    void dataPaddingMayFillThePayloadButNotExceedIt() {
        // 5-byte payload: Pad Length octet + 4 more; padding of 4 leaves empty data.
        assertEquals(new DataFrame(1, Bytes.EMPTY, true, 4), decode(frame(0x0, 0x9, 1, "04 00000000")));
        assertEquals(new DataFrame(1, Bytes.ofHex("aa"), false, 3), decode(frame(0x0, 0x8, 1, "03 aa 000000")));
        FrameException e = reject(frame(0x0, 0x8, 1, "05 00000000"), FrameRules.FR_11, PROTOCOL_ERROR,
                Scope.CONNECTION);
        assertEquals("DATA pad length 5 exceeds the 4 bytes left in the 5-byte payload", e.detail());
        reject(frame(0x0, 0x8, 1, "ff"), FrameRules.FR_11, PROTOCOL_ERROR, Scope.CONNECTION);
    }

    @Test
    @Checks("FR-11")
    void headersPaddingCountsThePriorityFields() {
        // PADDED|PRIORITY, 8-byte payload: 1 + 5 priority, so at most 2 octets of padding.
        assertEquals(new HeadersFrame(1, Bytes.EMPTY, false, false, 2, new Priority(0, false, 1)),
                decode(frame(0x1, 0x28, 1, "02 0000000000 0000")));
        reject(frame(0x1, 0x28, 1, "03 0000000000 0000"), FrameRules.FR_11, PROTOCOL_ERROR, Scope.CONNECTION);
        assertEquals(new HeadersFrame(1, Bytes.ofHex("82"), false, true, 1, null),
                decode(frame(0x1, 0x0c, 1, "01 82 00")));
        reject(frame(0x1, 0x0c, 1, "03 82 00"), FrameRules.FR_11, PROTOCOL_ERROR, Scope.CONNECTION);
    }

    @Test
    @Checks("FR-11")
    void pushPromisePaddingCountsThePromisedStreamId() {
        assertEquals(new PushPromiseFrame(1, 2, Bytes.EMPTY, true, 1), decode(frame(0x5, 0x0c, 1, "01 00000002 00")));
        reject(frame(0x5, 0x0c, 1, "02 00000002 00"), FrameRules.FR_11, PROTOCOL_ERROR, Scope.CONNECTION);
    }

    @Test
    @Checks("FR-18")
    void nonZeroPaddingIsAcceptedOnReceipt() {
        DataFrame d = (DataFrame) decode(frame(0x0, 0x8, 1, "02 6869 ffee"));
        assertEquals(new DataFrame(1, Bytes.ofAscii("hi"), false, 2), d);
        HeadersFrame h = (HeadersFrame) decode(frame(0x1, 0x0c, 1, "01 82 01"));
        assertEquals(1, h.padLength());
    }

    @Test
    @Checks("FR-18")
    void paddingIsWrittenAsZeroEvenIntoAReusedBuffer() {
        Frame[] padded = {
            new DataFrame(1, Bytes.ofAscii("hi"), false, 3),
            new HeadersFrame(1, Bytes.ofHex("82"), true, true, 4, new Priority(0, false, 16)),
            new PushPromiseFrame(1, 2, Bytes.ofHex("82"), true, 5),
        };
        for (Frame f : padded) {
            byte[] dirty = new byte[64];
            Arrays.fill(dirty, (byte) 0xaa);
            int n = FrameWriter.encode(f, dirty, 0);
            byte[] tail = Arrays.copyOfRange(dirty, n - padLength(f), n); // padding ends the frame
            assertArrayEquals(new byte[padLength(f)], tail, f.typeName() + " padding");
            assertEquals(f, decode(Arrays.copyOf(dirty, n)));
        }
    }

    private static int padLength(Frame f) {
        if (f instanceof DataFrame d) return d.padLength();
        if (f instanceof HeadersFrame h) return h.padLength();
        return ((PushPromiseFrame) f).padLength();
    }
}
