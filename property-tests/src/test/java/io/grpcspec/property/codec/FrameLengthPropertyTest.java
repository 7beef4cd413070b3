package io.grpcspec.property.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpcspec.property.engine.Gen;
import io.grpcspec.property.engine.Property;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.codec.FrameErrors;
import io.grpcspec.spec.codec.FrameRules;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Flags;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameDecoder;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.FrameType;
import io.grpcspec.wire.FrameWriter;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.LengthLieOracle;
import io.grpcspec.wire.SettingsFrame;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Truncated frames and lying length fields are rejected with the rule, RFC code and scope that
 * RFC 9113 §4.1/§4.2/§6 demand. The expected outcome comes from {@link #expected}, a model of
 * the RFC written here (checks a header alone can prove first, then truncation, then payload
 * checks), not from the parser.
 */
class FrameLengthPropertyTest {

    private static final int MAX = FrameReader.DEFAULT_MAX_FRAME_SIZE;

    @Test
    @Checks("FR-19")
    void everyTruncationIsATruncationError() {
        record Cut(Frame frame, int at) {}
        Gen<Cut> cuts = src -> {
            Frame f = src.draw(FrameGens.ANY);
            return new Cut(f, src.draw(0, FrameWriter.encodedLength(f) - 1));
        };
        Property.forAll("truncated frames are FR-19", cuts).tries(3000).check((c, ctx) -> {
            byte[] part = Arrays.copyOf(FrameWriter.encode(c.frame()), c.at());
            FrameException e = assertThrows(FrameException.class, () -> FrameDecoder.decodeFirst(part, 0, MAX));
            assertTruncation(e, c.frame(), c.at());
            FrameReader reader = new FrameReader(new ByteArrayInputStream(part));
            if (c.at() == 0) {
                assertNull(reader.readFrame(), "no bytes at all is a clean end");
            } else {
                assertTruncation(assertThrows(FrameException.class, reader::readFrame), c.frame(), c.at());
            }
            ctx.count("FR-19");
            ctx.classify(c.at() < 9, "cut in header");
        });
    }

    private static void assertTruncation(FrameException e, Frame f, int cut) {
        assertEquals(FrameRules.FR_19, FrameErrors.violation(e.error()).rule(), e.getMessage());
        assertEquals(ErrorCode.PROTOCOL_ERROR, FrameErrors.violation(e.error()).code());
        assertEquals(Scope.CONNECTION, FrameErrors.violation(e.error()).scope());
        if (cut >= 9) assertEquals(f.typeCode(), e.error().frameType());
    }

    @Test
    @Checks({"FR-2", "FR-3", "FR-4", "FR-5", "FR-6", "FR-7", "FR-8", "FR-9", "FR-10", "FR-11", "FR-19"})
    void everyLengthFieldMismatchIsRejectedWithTheRightCode() {
        record Lie(Frame frame, int length) {}
        Gen<Lie> lies = src -> {
            Frame f = src.draw(FrameGens.ANY);
            int actual = f.payloadLength();
            int lie = src.weighted(0.9) ? src.draw(0, actual + 12) : src.draw(0, 0xff_ffff);
            src.assume(lie != actual);
            return new Lie(f, lie);
        };
        Property.forAll("length-field mismatches are rejected precisely", lies).tries(4000).check((c, ctx) -> {
            Frame f = c.frame();
            byte[] b = FrameWriter.encode(f);
            b[0] = (byte) (c.length() >>> 16);
            b[1] = (byte) (c.length() >>> 8);
            b[2] = (byte) c.length();
            Rule want = expected(f, c.length());
            try {
                FrameDecoder.Decoded d = FrameDecoder.decodeFirst(b, 0, MAX);
                if (want != null) fail("expected " + want.id() + ", decoded " + d.frame());
                assertTrue(d.length() < b.length, "a shorter frame leaves trailing bytes");
                ctx.label("shorter frame decodes");
            } catch (FrameException e) {
                if (want == null) fail("expected a shorter frame to decode, got " + e.getMessage());
                assertEquals(want, FrameErrors.violation(e.error()).rule(), e.getMessage());
                assertEquals(codeOf(want), FrameErrors.violation(e.error()).code(), e.getMessage());
                assertEquals(want == FrameRules.FR_8 ? Scope.STREAM : Scope.CONNECTION, FrameErrors.violation(e.error()).scope(), e.getMessage());
                ctx.count(want);
            }
        });
    }

    /** The rule a receiver with the default 16384 limit must cite for {@code f}'s bytes under a length field of {@code lie}. */
    static Rule expected(Frame f, int lie) {
        return lie > MAX ? FrameRules.FR_2 : LengthLieOracle.expected(f, lie, f.payloadLength());
    }

    private static ErrorCode codeOf(Rule r) {
        return LengthLieOracle.codeOf(r);
    }

    /** FR-2 at every legal limit: a frame one byte over the receiver's SETTINGS_MAX_FRAME_SIZE is refused from its header. */
    @Test
    @Checks("FR-2")
    void framesOverTheReceiversLimitAreFrameSizeErrors() {
        record Over(int limit, int excess, int type) {}
        Gen<Over> overs = src -> new Over(src.draw(MAX, FrameReader.MAX_MAX_FRAME_SIZE - 1),
                src.draw(1, 64), src.draw(0, 0xff));
        Property.forAll("oversized frames are FR-2", overs).tries(1000).check((o, ctx) -> {
            int length = (int) Math.min((long) o.limit() + o.excess(), FrameReader.MAX_MAX_FRAME_SIZE);
            byte[] header = {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) o.type(), 0, 0, 0, 0, 1};
            // only the header: the limit must be enforced before any payload is awaited
            FrameException e = assertThrows(FrameException.class,
                    () -> new FrameReader(new ByteArrayInputStream(header), o.limit()).readFrame());
            assertEquals(FrameRules.FR_2, FrameErrors.violation(e.error()).rule(), e.getMessage());
            assertEquals(ErrorCode.FRAME_SIZE_ERROR, FrameErrors.violation(e.error()).code());
            assertEquals(Scope.CONNECTION, FrameErrors.violation(e.error()).scope());
            ctx.count("FR-2");
        });
    }
}
