package io.grpcspec.wire;

import static io.grpcspec.wire.ErrorCode.PROTOCOL_ERROR;
import static io.grpcspec.wire.RawFrames.decode;
import static io.grpcspec.wire.RawFrames.frame;
import static io.grpcspec.wire.RawFrames.reject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpcspec.spec.Scope;
import io.grpcspec.spec.codec.FrameRules;
import io.grpcspec.testing.Checks;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** Which stream a frame may use, and a stream's priority dependency on itself. */
class FrameStreamRulesTest {

    /** Minimal legal payloads per type, so that only the stream id decides. */
    private static final String[] PAYLOAD = {
        "", "", "0000000010", "00000008", "", "00000002", "0000000000000000", "0000000000000000", "00000001", ""
    };

    @Test
    @Checks("FR-12")
    void streamFramesOnStreamZeroAreAConnectionError() {
        for (int type : new int[] {0x0, 0x1, 0x2, 0x3, 0x5, 0x9}) {
            decode(frame(type, 0, 1, PAYLOAD[type]));
            FrameException e = reject(frame(type, 0, 0, PAYLOAD[type]), FrameRules.FR_12, PROTOCOL_ERROR,
                    Scope.CONNECTION);
            assertEquals(FrameType.of(type) + " belongs to a stream and must not use stream 0", e.detail());
        }
    }

    @Test
    @Checks({"FR-12", "FR-13"})
    void windowUpdateMayUseStreamZeroOrAnyStream() {
        assertEquals(0, decode(frame(0x8, 0, 0, "00000001")).streamId());
        assertEquals(9, decode(frame(0x8, 0, 9, "00000001")).streamId());
    }

    @Test
    @Checks("FR-13")
    void connectionFramesOnAStreamAreAConnectionError() {
        for (int type : new int[] {0x4, 0x6, 0x7}) {
            decode(frame(type, 0, 0, PAYLOAD[type]));
            FrameException e = reject(frame(type, 0, 5, PAYLOAD[type]), FrameRules.FR_13, PROTOCOL_ERROR,
                    Scope.CONNECTION);
            assertEquals(5, e.streamId());
        }
        // Stream rules come before length rules: a short PING on a stream reports FR-13, not FR-3.
        reject(frame(0x6, 0, 1, "00000000000000"), FrameRules.FR_13, PROTOCOL_ERROR, Scope.CONNECTION);
    }

    @Test
    @Checks("FR-14")
    void priorityFrameDependingOnItsOwnStreamIsAStreamErrorAndReadingGoesOn() throws Exception {
        assertEquals(new PriorityFrame(3, new Priority(1, true, 256)), decode(frame(0x2, 0, 3, "80000001ff")));
        // The E bit is not part of the dependency: 0x80000003 on stream 3 still names stream 3.
        byte[] self = frame(0x2, 0, 3, "80000003ff");
        FrameException e = reject(self, FrameRules.FR_14, PROTOCOL_ERROR, Scope.STREAM);
        assertEquals(3, e.streamId());
        assertEquals(new PriorityFrame(3, new Priority(3, true, 256)), e.frame());

        FrameReader reader = new FrameReader(new ByteArrayInputStream(
                RawFrames.concat(self, frame(0x8, 0, 0, "00000010"))));
        assertThrows(FrameException.class, reader::readFrame);
        assertEquals(new WindowUpdateFrame(0, 16), reader.readFrame());
        assertNull(reader.readFrame());
    }

    @Test
    @Checks("FR-14")
    void headersDependingOnItsOwnStreamKeepsItsFieldBlockForHpack() {
        HeadersFrame legal = (HeadersFrame) decode(frame(0x1, 0x25, 5, "00000003 0f 8286"));
        assertEquals(new Priority(3, false, 16), legal.priority());

        FrameException e = reject(frame(0x1, 0x25, 5, "00000005 0f 8286"), FrameRules.FR_14, PROTOCOL_ERROR,
                Scope.STREAM);
        HeadersFrame kept = (HeadersFrame) e.frame();
        assertEquals(Bytes.ofHex("8286"), kept.fragment(), "the fragment must still reach the HPACK decoder");
        assertEquals("HEADERS makes stream 5 depend on itself", e.detail());
    }
}
