package io.grpcspec.wire;

import static io.grpcspec.wire.ErrorCode.FRAME_SIZE_ERROR;
import static io.grpcspec.wire.RawFrames.decode;
import static io.grpcspec.wire.RawFrames.frame;
import static io.grpcspec.wire.RawFrames.reject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpcspec.spec.Scope;
import io.grpcspec.spec.codec.FrameErrors;
import io.grpcspec.spec.codec.FrameRules;
import io.grpcspec.testing.Checks;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Length rules: the frame size limit and each type's fixed or minimum payload length. */
class FrameSizeRulesTest {

    private static String zeros(int n) {
        return "00".repeat(n);
    }

    @Test
    @Checks("FR-2")
    void framesUpToTheLimitAreAcceptedAndOneByteMoreIsAConnectionError() {
        DataFrame max = (DataFrame) decode(frame(0x0, 0, 1, zeros(16_384)));
        assertEquals(16_384, max.data().length());
        FrameException e = reject(frame(0x0, 0, 1, zeros(16_385)), FrameRules.FR_2, FRAME_SIZE_ERROR, Scope.CONNECTION);
        assertEquals(1, e.streamId());
        assertEquals("DATA frame on stream 1 has length 16385, over SETTINGS_MAX_FRAME_SIZE 16384", e.detail());
    }

    @Test
    @Checks("FR-2")
    void oversizeIsAConnectionErrorForEveryFrameTypeAndIsRaisedFromTheHeaderAlone() {
        // Only the 9 header octets are given: the error must come before any payload is awaited.
        for (int type : new int[] {0x0, 0x1, 0x2, 0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xfa}) {
            int stream = type == 0x4 || type == 0x6 || type == 0x7 ? 0 : 3;
            FrameException e = reject(frame(20_000, type, 0, stream, ""), FrameRules.FR_2, FRAME_SIZE_ERROR,
                    Scope.CONNECTION);
            assertEquals(type, e.error().frameType());
        }
    }

    @Test
    @Checks("FR-2")
    void theLimitCanBeRaisedAtRuntimeWithinTheSettingsRange() throws Exception {
        byte[] big = frame(0x0, 0, 1, zeros(20_000));
        reject(big, FrameRules.FR_2, FRAME_SIZE_ERROR, Scope.CONNECTION);
        assertEquals(20_000, ((DataFrame) decode(big, 20_000)).data().length());

        FrameReader reader = new FrameReader(new ByteArrayInputStream(RawFrames.concat(big, big)));
        reader.maxFrameSize(20_000); // as the transport does once our SETTINGS are ACKed
        assertInstanceOf(DataFrame.class, reader.readFrame());
        reader.maxFrameSize(FrameReader.DEFAULT_MAX_FRAME_SIZE);
        assertEquals(FrameRules.FR_2, FrameErrors.violation(assertThrows(FrameException.class, reader::readFrame).error()).rule());

        assertThrows(IllegalArgumentException.class, () -> reader.maxFrameSize(16_383));
        assertThrows(IllegalArgumentException.class, () -> reader.maxFrameSize(1 << 24));
        reader.maxFrameSize((1 << 24) - 1);
    }

    @Test
    @Checks("FR-2")
    void theWriterChecksAFrameAgainstThePeersLimitWhenAsked() throws Exception {
        DataFrame fits = new DataFrame(1, Bytes.of(new byte[16_384]), false);
        assertEquals(9 + 16_384, FrameWriter.encode(fits, 16_384).length);
        DataFrame tooBig = new DataFrame(1, Bytes.of(new byte[16_384]), false, 0); // +1 Pad Length octet
        FrameException e = assertThrows(FrameException.class, () -> FrameWriter.encode(tooBig, 16_384));
        assertEquals(FrameRules.FR_2, FrameErrors.violation(e.error()).rule());
        assertEquals(FRAME_SIZE_ERROR, FrameErrors.violation(e.error()).code());
        FrameWriter.checkFits(tooBig, 16_385);
    }

    @Test
    @Checks("FR-3")
    void pingPayloadIsExactlyEightBytes() {
        PingFrame ping = (PingFrame) decode(frame(0x6, 0x1, 0, "0102030405060708"));
        assertEquals(0x0102030405060708L, ping.opaqueData());
        for (int n : new int[] {0, 7, 9, 16}) {
            FrameException e = reject(frame(0x6, 0, 0, zeros(n)), FrameRules.FR_3, FRAME_SIZE_ERROR, Scope.CONNECTION);
            assertEquals("PING payload is " + n + " bytes, must be 8", e.detail());
        }
    }

    @Test
    @Checks("FR-4")
    void settingsPayloadIsWholeSixByteEntries() {
        SettingsFrame s = (SettingsFrame) decode(frame(0x4, 0, 0, "000100001000" + "000500004000"));
        assertEquals(List.of(new Setting(1, 4096), new Setting(5, 16_384)), s.settings());
        assertEquals(List.of(), ((SettingsFrame) decode(frame(0x4, 0, 0, ""))).settings());
        for (int n : new int[] {1, 5, 7, 13}) {
            reject(frame(0x4, 0, 0, zeros(n)), FrameRules.FR_4, FRAME_SIZE_ERROR, Scope.CONNECTION);
        }
    }

    @Test
    @Checks("FR-5")
    void settingsAckCarriesNoPayload() {
        assertEquals(SettingsFrame.ACK_FRAME, decode(frame(0x4, 0x1, 0, "")));
        FrameException e = reject(frame(0x4, 0x1, 0, "000100001000"), FrameRules.FR_5, FRAME_SIZE_ERROR,
                Scope.CONNECTION);
        assertEquals("SETTINGS with ACK has a 6-byte payload, must be empty", e.detail());
    }

    @Test
    @Checks("FR-6")
    void rstStreamPayloadIsExactlyFourBytes() {
        assertEquals(new RstStreamFrame(5, ErrorCode.CANCEL), decode(frame(0x3, 0, 5, "00000008")));
        for (int n : new int[] {0, 3, 5, 8}) {
            reject(frame(0x3, 0, 5, zeros(n)), FrameRules.FR_6, FRAME_SIZE_ERROR, Scope.CONNECTION);
        }
    }

    @Test
    @Checks("FR-7")
    void windowUpdatePayloadIsExactlyFourBytes() {
        assertEquals(new WindowUpdateFrame(0, 65_535), decode(frame(0x8, 0, 0, "0000ffff")));
        for (int n : new int[] {0, 3, 5}) {
            reject(frame(0x8, 0, 7, zeros(n)), FrameRules.FR_7, FRAME_SIZE_ERROR, Scope.CONNECTION);
        }
    }

    @Test
    @Checks("FR-8")
    void priorityOfTheWrongLengthIsAStreamErrorAndTheReaderStaysInSync() throws Exception {
        assertEquals(new PriorityFrame(3, new Priority(1, false, 16)), decode(frame(0x2, 0, 3, "000000010f")));
        for (int n : new int[] {0, 4, 6}) {
            FrameException e = reject(frame(0x2, 0, 3, zeros(n)), FrameRules.FR_8, FRAME_SIZE_ERROR, Scope.STREAM);
            assertEquals(3, e.streamId());
        }
        byte[] bad = frame(0x2, 0, 3, "00000001 0f 99");
        byte[] ping = frame(0x6, 0, 0, "0000000000000007");
        FrameReader reader = new FrameReader(new ByteArrayInputStream(RawFrames.concat(bad, ping)));
        assertEquals(FrameRules.FR_8, FrameErrors.violation(assertThrows(FrameException.class, reader::readFrame).error()).rule());
        assertEquals(new PingFrame(false, 7), reader.readFrame(), "the bad frame was consumed whole");
    }

    @Test
    @Checks("FR-9")
    void goAwayHoldsAtLeastLastStreamIdAndErrorCode() {
        assertEquals(new GoAwayFrame(3, ErrorCode.NO_ERROR, Bytes.EMPTY), decode(frame(0x7, 0, 0, "0000000300000000")));
        GoAwayFrame withDebug = (GoAwayFrame) decode(frame(0x7, 0, 0, "00000003 00000001 6869"));
        assertEquals("hi", withDebug.debugData().ascii());
        for (int n : new int[] {0, 4, 7}) {
            reject(frame(0x7, 0, 0, zeros(n)), FrameRules.FR_9, FRAME_SIZE_ERROR, Scope.CONNECTION);
        }
    }

    @Test
    @Checks("FR-10")
    void framesHoldTheFieldsTheirFlagsAnnounce() {
        // legal minimums
        assertEquals(new DataFrame(1, Bytes.EMPTY, false, 0), decode(frame(0x0, 0x8, 1, "00")));
        assertEquals(new HeadersFrame(1, Bytes.EMPTY, false, true, Frame.NO_PADDING, new Priority(0, false, 1)),
                decode(frame(0x1, 0x24, 1, "0000000000")));
        assertEquals(new PushPromiseFrame(1, 2, Bytes.EMPTY, true, Frame.NO_PADDING),
                decode(frame(0x5, 0x4, 1, "00000002")));
        // one octet short of each
        reject(frame(0x0, 0x8, 1, ""), FrameRules.FR_10, FRAME_SIZE_ERROR, Scope.CONNECTION);
        reject(frame(0x1, 0x20, 1, "00000000"), FrameRules.FR_10, FRAME_SIZE_ERROR, Scope.CONNECTION);
        reject(frame(0x1, 0x28, 1, "0000000000"), FrameRules.FR_10, FRAME_SIZE_ERROR, Scope.CONNECTION);
        reject(frame(0x1, 0x08, 1, ""), FrameRules.FR_10, FRAME_SIZE_ERROR, Scope.CONNECTION);
        reject(frame(0x5, 0x4, 1, "000002"), FrameRules.FR_10, FRAME_SIZE_ERROR, Scope.CONNECTION);
        FrameException e = reject(frame(0x5, 0xc, 1, "00000002"), FrameRules.FR_10, FRAME_SIZE_ERROR, Scope.CONNECTION);
        assertEquals("PUSH_PROMISE payload is 4 bytes, too short for the Pad Length octet and the Promised Stream ID",
                e.detail());
    }
}
