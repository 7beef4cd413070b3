package io.grpcspec.bench.jmh;

import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameDecoder;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.FrameWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The RFC 9113 frame codec alone, in frames per second, on a DATA-heavy (streaming) and a
 * HEADERS-heavy (unary) mix ({@link FrameMix}): encoding records into a reused buffer, and
 * decoding the same bytes back the way the socket reader does ({@link FrameReader} over a
 * stream) and from an array ({@link FrameDecoder}). It shows what the codec costs per frame
 * before any state machine runs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class FrameCodecBenchmark {

    @Param({"DATA_HEAVY", "HEADERS_HEAVY"})
    public FrameMix mix;

    private List<Frame> frames;
    private byte[] wire;
    private byte[] out;

    @Setup(Level.Trial)
    public void setUp() throws IOException, FrameException {
        frames = mix.build();
        wire = FrameMix.encode(frames);
        out = new byte[wire.length];
        List<Frame> back = FrameDecoder.decodeAll(wire);
        if (!back.equals(frames)) throw new IllegalStateException(mix + " does not round-trip: " + back);
    }

    @Benchmark
    @OperationsPerInvocation(FrameMix.FRAMES)
    public int encode() {
        int at = 0;
        for (Frame f : frames) at += FrameWriter.encode(f, out, at);
        return at;
    }

    @Benchmark
    @OperationsPerInvocation(FrameMix.FRAMES)
    public void decodeStream(Blackhole bh) throws IOException, FrameException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(wire));
        Frame f;
        while ((f = reader.readFrame()) != null) bh.consume(f);
    }

    @Benchmark
    @OperationsPerInvocation(FrameMix.FRAMES)
    public void decodeArray(Blackhole bh) throws FrameException {
        int at = 0;
        while (at < wire.length) {
            FrameDecoder.Decoded d = FrameDecoder.decodeFirst(wire, at, FrameReader.DEFAULT_MAX_FRAME_SIZE);
            bh.consume(d.frame());
            at += d.length();
        }
    }
}
