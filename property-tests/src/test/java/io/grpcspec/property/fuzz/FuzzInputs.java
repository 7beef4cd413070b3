package io.grpcspec.property.fuzz;

import io.grpcspec.hpack.EncoderState;
import io.grpcspec.property.codec.FrameGens;
import io.grpcspec.property.engine.Gen;
import io.grpcspec.property.engine.Many;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameWriter;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.SettingsFrame;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fuzzers feed: byte streams that follow a valid client preface. Three kinds, all drawn
 * from the property engine's choices (so a failing input shrinks):
 * <ul>
 *   <li>{@link #GENERATED}: well-formed frames of every type from the property engine's frame
 *       generators, mixed with real gRPC requests (HEADERS HPACK-encoded in order, so the
 *       server's decoder follows along) and their messages;</li>
 *   <li>{@link #MUTATED}: a recorded conversation ({@link Recorded}) cut at a random frame and
 *       edited: frames dropped, repeated, swapped, inserted, octets flipped, stream IDs and
 *       lengths rewritten, the tail truncated;</li>
 *   <li>{@link #RANDOM}: arbitrary octets.</li>
 * </ul>
 */
final class FuzzInputs {
    private FuzzInputs() {}

    private static final List<String> PATHS = List.of("/helloworld.Greeter/SayHello", "/grpc.testing.TestService/EmptyCall",
            "/grpc.testing.TestService/StreamingInputCall", "/grpc.testing.TestService/FullDuplexCall", "/no.Such/Method");

    /** A valid request's header list for {@code path}. */
    static List<HeaderField> request(String path) {
        return List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"), new HeaderField(":path", path),
                new HeaderField(":authority", "fuzz"), new HeaderField("te", "trailers"),
                new HeaderField("content-type", "application/grpc"));
    }

    static final Gen<byte[]> RANDOM = src -> {
        int n = src.draw(0, 512);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) src.draw(0, 255);
        return b;
    };

    static final Gen<byte[]> GENERATED = src -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncoderState encoder = EncoderState.initial();
        if (src.weighted(0.9)) out.writeBytes(FrameWriter.encode(SettingsFrame.of()));
        Many frames = src.many(1, 60, 12);
        int next = 1;
        while (frames.more()) {
            Frame f;
            switch (src.choose(4)) {
                case 0 -> {
                    EncoderState.Encoded e = encoder.encode(request(src.pick(PATHS)));
                    encoder = e.state();
                    int id = src.weighted(0.8) ? next : src.draw(1, 9);
                    next = Math.max(next, id) + 2;
                    f = new HeadersFrame(id, e.block(), src.weighted(0.2), true);
                }
                case 1 -> f = new DataFrame(src.draw(0, 1) * 2 + src.draw(1, 7) | 1, message(src.draw(0, 40)), src.bool());
                case 2 -> f = new RstStreamFrame(src.draw(1, 9) | 1, src.draw(0, 13));
                default -> f = src.draw(FrameGens.ANY);
            }
            out.writeBytes(FrameWriter.encode(f));
        }
        return out.toByteArray();
    };

    static final Gen<byte[]> MUTATED = src -> {
        List<List<Frame>> recorded = Recorded.conversations();
        List<Frame> base = recorded.get(src.choose(recorded.size()));
        int keep = src.draw(1, base.size());
        List<byte[]> chunks = new ArrayList<>();
        for (Frame f : base.subList(0, keep)) chunks.add(FrameWriter.encode(f));
        Many edits = src.many(0, 8, 2);
        while (edits.more()) {
            int i = src.choose(chunks.size());
            byte[] c = chunks.get(i);
            switch (src.choose(8)) {
                case 0 -> {
                    if (chunks.size() > 1) chunks.remove(i);
                }
                case 1 -> chunks.add(i, c.clone());
                case 2 -> {
                    if (i + 1 < chunks.size()) {
                        chunks.set(i, chunks.get(i + 1));
                        chunks.set(i + 1, c);
                    }
                }
                case 3 -> chunks.add(i, FrameWriter.encode(src.draw(FrameGens.ANY)));
                case 4 -> { // another stream ID (31 bits, the reserved bit kept clear)
                    byte[] d = c.clone();
                    int id = src.weighted(0.7) ? src.draw(0, 9) : src.draw(0, Integer.MAX_VALUE);
                    d[5] = (byte) (id >>> 24);
                    d[6] = (byte) (id >>> 16);
                    d[7] = (byte) (id >>> 8);
                    d[8] = (byte) id;
                    chunks.set(i, d);
                }
                case 5 -> { // one octet anywhere in the frame
                    byte[] d = c.clone();
                    d[src.choose(d.length)] = (byte) src.draw(0, 255);
                    chunks.set(i, d);
                }
                case 6 -> { // flags
                    byte[] d = c.clone();
                    d[4] = (byte) src.draw(0, 255);
                    chunks.set(i, d);
                }
                default -> { // the length field: longer or shorter than the payload that follows
                    byte[] d = c.clone();
                    int len = src.weighted(0.5) ? Math.max(0, c.length - 9 + src.draw(-8, 8)) : src.draw(0, 0xffffff);
                    d[0] = (byte) (len >>> 16);
                    d[1] = (byte) (len >>> 8);
                    d[2] = (byte) len;
                    chunks.set(i, d);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        byte[] all = out.toByteArray();
        return src.weighted(0.15) ? java.util.Arrays.copyOf(all, src.draw(0, all.length)) : all;
    };

    /** Any of the three kinds, mutated conversations and generated frames most often. */
    static final Gen<byte[]> ANY = src -> switch (src.choose(5)) {
        case 0, 1 -> src.draw(MUTATED);
        case 2, 3 -> src.draw(GENERATED);
        default -> src.draw(RANDOM);
    };

    /** A length-prefixed gRPC message of {@code n} payload octets. */
    static Bytes message(int n) {
        byte[] b = new byte[5 + n];
        b[4] = (byte) n;
        return Bytes.of(b);
    }
}
