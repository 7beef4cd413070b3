package io.grpcspec.property.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpcspec.property.engine.Gen;
import io.grpcspec.property.engine.Property;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Flags;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameDecoder;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.FrameType;
import io.grpcspec.wire.FrameWriter;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PushPromiseFrame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Any well-formed frame survives writer → reader unchanged, and re-encoding gives the same
 * bytes. The frames come from {@link FrameGens}, so a failure shrinks to the smallest frame
 * that breaks the round trip.
 */
class FrameRoundTripPropertyTest {

    private static final int MAX = FrameReader.DEFAULT_MAX_FRAME_SIZE;

    @Test
    @Checks({"FR-16", "FR-19"})
    void everyFrameRoundTripsBitExactly() {
        Property.forAll("frame round-trips writer -> reader", FrameGens.ANY).tries(3000)
                .check((frame, ctx) -> {
                    ctx.label(frame.typeName().startsWith("UNKNOWN") ? "UNKNOWN" : frame.typeName());
                    byte[] bytes = FrameWriter.encode(frame);
                    assertEquals(9 + frame.payloadLength(), bytes.length, "FR-19: 9 header octets plus the payload");
                    FrameDecoder.Decoded d = FrameDecoder.decodeFirst(bytes, 0, MAX);
                    assertEquals(frame, d.frame());
                    assertEquals(bytes.length, d.length());
                    assertArrayEquals(bytes, FrameWriter.encode(d.frame()), "re-encoding is bit-exact");
                    FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes));
                    assertEquals(frame, reader.readFrame());
                    assertNull(reader.readFrame(), "clean end after the frame");
                    ctx.count("FR-19");
                    if (frame.type() == null) ctx.count("FR-16");
                });
    }

    @Test
    @Checks({"FR-16", "FR-19"})
    void frameSequencesRoundTripThroughOneReader() {
        Property.forAll("frame sequences round-trip", Gen.lists(FrameGens.ANY, 0, 30)).tries(400)
                .check((frames, ctx) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (Frame f : frames) FrameWriter.write(f, out);
                    byte[] all = out.toByteArray();
                    assertEquals(frames, FrameDecoder.decodeAll(all, MAX));
                    FrameReader reader = new FrameReader(new ByteArrayInputStream(all));
                    for (Frame f : frames) {
                        assertEquals(f, reader.readFrame());
                        ctx.count(f.type() == null ? "FR-16" : "FR-19");
                    }
                    assertNull(reader.readFrame());
                });
    }

    /** Writer side of FR-15/17/18: reserved bit, undefined flags and padding octets go out as zero. */
    @Test
    @Checks({"FR-15", "FR-17", "FR-18"})
    void writerSendsReservedBitsUndefinedFlagsAndPaddingAsZero() {
        Property.forAll("writer zeroes reserved bits, undefined flags, padding", FrameGens.ANY).tries(2000)
                .check((frame, ctx) -> {
                    byte[] b = FrameWriter.encode(frame);
                    assertEquals(0, b[5] & 0x80, "FR-15: reserved bit of the stream id");
                    if (frame.type() != null) {
                        assertEquals(0, b[4] & ~Flags.defined(frame.typeCode()) & 0xff, "FR-17: undefined flags");
                        ctx.count("FR-17");
                    }
                    ctx.count("FR-15");
                    int pad = padLength(frame);
                    if (pad > 0) {
                        for (int i = b.length - pad; i < b.length; i++) assertEquals(0, b[i], "FR-18: padding octet " + i);
                        ctx.count("FR-18");
                    }
                });
    }

    /**
     * Reader side of FR-15/17/18: setting the reserved bits, flags the type does not define and
     * non-zero padding octets changes nothing in the decoded frame.
     */
    @Test
    @Checks({"FR-15", "FR-17", "FR-18"})
    void readerIgnoresReservedBitsUndefinedFlagsAndPaddingContent() {
        record Case(Frame frame, boolean reserved, int extraFlags, int padFill) {}
        Gen<Case> cases = src -> new Case(src.draw(FrameGens.ANY), src.bool(), src.draw(0, 0xff), src.draw(0, 0xff));
        Property.forAll("reader ignores reserved bits, undefined flags, padding content", cases).tries(2000)
                .check((c, ctx) -> {
                    Frame frame = c.frame();
                    byte[] b = FrameWriter.encode(frame);
                    if (c.reserved()) {
                        b[5] |= (byte) 0x80;
                        FrameType t = frame.type();
                        // the 31-bit fields with a reserved bit in front (RFC 9113 §6.8, §6.9)
                        if (t == FrameType.WINDOW_UPDATE || t == FrameType.GOAWAY) b[9] |= (byte) 0x80;
                        ctx.count("FR-15");
                    }
                    if (frame.type() != null) {
                        int undefined = c.extraFlags() & ~Flags.defined(frame.typeCode()) & 0xff;
                        b[4] |= (byte) undefined;
                        if (undefined != 0) ctx.count("FR-17");
                    }
                    int pad = padLength(frame);
                    if (pad > 0 && c.padFill() != 0) {
                        for (int i = b.length - pad; i < b.length; i++) b[i] = (byte) (c.padFill() + i);
                        ctx.count("FR-18");
                    }
                    assertEquals(frame, FrameDecoder.decodeFirst(b, 0, MAX).frame());
                });
    }

    static int padLength(Frame f) {
        if (f instanceof DataFrame d) return Math.max(0, d.padLength());
        if (f instanceof HeadersFrame h) return Math.max(0, h.padLength());
        if (f instanceof PushPromiseFrame p) return Math.max(0, p.padLength());
        return 0;
    }

    /** The generators reach every frame type (a property over a generator that never makes PING proves little about PING). */
    @Test
    void generatorReachesEveryType() {
        var seen = new java.util.TreeSet<String>();
        Property.forAll("frame generator coverage", FrameGens.ANY).tries(500).printSummary(false)
                .check(f -> seen.add(f.type() == null ? "UNKNOWN" : f.type().name()));
        assertEquals(11, seen.size(), seen.toString());
        assertEquals(List.copyOf(seen).contains("CONTINUATION"), true);
    }
}
