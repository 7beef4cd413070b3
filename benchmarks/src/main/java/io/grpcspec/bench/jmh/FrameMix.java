package io.grpcspec.bench.jmh;

import io.grpcspec.hpack.EncoderState;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameWriter;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * The frame sequences the codec benchmarks encode and decode: {@value #FRAMES} frames each, shaped
 * like the two kinds of gRPC traffic a server sees.
 */
public enum FrameMix {
    /**
     * Streaming: one request HEADERS block, 60 DATA frames of 16 384 bytes (a 64 KiB message is four
     * of them), WINDOW_UPDATEs for the connection and the stream, the trailers.
     */
    DATA_HEAVY {
        @Override
        List<Frame> frames() {
            List<Frame> out = new ArrayList<>();
            out.add(new HeadersFrame(1, REQUEST_BLOCK, false, true));
            byte[] chunk = new byte[16_384];
            for (int i = 0; i < chunk.length; i++) chunk[i] = (byte) i;
            Bytes data = Bytes.of(chunk);
            for (int i = 0; i < 60; i++) out.add(new DataFrame(1, data, false));
            out.add(new WindowUpdateFrame(0, 983_040));
            out.add(new WindowUpdateFrame(1, 983_040));
            out.add(new HeadersFrame(1, TRAILERS_BLOCK, true, true));
            return out;
        }
    },
    /**
     * Unary calls: per call a request HEADERS block, a 12-byte DATA frame with END_STREAM, the
     * response HEADERS, a 13-byte DATA frame and the trailers (5 frames × 12 calls), plus four PINGs.
     */
    HEADERS_HEAVY {
        @Override
        List<Frame> frames() {
            List<Frame> out = new ArrayList<>();
            Bytes request = Bytes.ofHex("00000000070a05776f726c64"); // HelloRequest{name: "world"}, length-prefixed
            Bytes reply = Bytes.ofHex("00000000080a0648656c6c6f21");
            for (int call = 0; call < 12; call++) {
                int id = 1 + 2 * call;
                out.add(new HeadersFrame(id, REQUEST_BLOCK, false, true));
                out.add(new DataFrame(id, request, true));
                out.add(new HeadersFrame(id, RESPONSE_BLOCK, false, true));
                out.add(new DataFrame(id, reply, false));
                out.add(new HeadersFrame(id, TRAILERS_BLOCK, true, true));
            }
            for (int i = 0; i < 4; i++) out.add(new PingFrame(i % 2 == 1, 0x0102030405060708L + i));
            return out;
        }
    };

    /** Frames in every mix, so JMH's ops/s is frames/s ({@code @OperationsPerInvocation}). */
    public static final int FRAMES = 64;

    /** A first request block as grpc-java writes it: literals with incremental indexing, Huffman-coded. */
    static final Bytes REQUEST_BLOCK = EncoderState.initial().encode(List.of(
            new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
            new HeaderField(":path", "/helloworld.Greeter/SayHello"), new HeaderField(":authority", "127.0.0.1:50051"),
            new HeaderField("content-type", "application/grpc"), new HeaderField("te", "trailers"),
            new HeaderField("user-agent", "grpc-java-netty/1.76.0"), new HeaderField("grpc-accept-encoding", "gzip")))
            .block();
    static final Bytes RESPONSE_BLOCK = EncoderState.initial().encode(List.of(
            new HeaderField(":status", "200"), new HeaderField("content-type", "application/grpc"),
            new HeaderField("grpc-encoding", "identity"), new HeaderField("grpc-accept-encoding", "gzip"))).block();
    static final Bytes TRAILERS_BLOCK = EncoderState.initial().encode(List.of(new HeaderField("grpc-status", "0"))).block();

    abstract List<Frame> frames();

    /** The frames, checked to number {@link #FRAMES}. */
    public List<Frame> build() {
        List<Frame> f = List.copyOf(frames());
        if (f.size() != FRAMES) throw new IllegalStateException(this + " has " + f.size() + " frames, not " + FRAMES);
        return f;
    }

    /** The frames' wire bytes, back to back. */
    public static byte[] encode(List<Frame> frames) {
        int total = frames.stream().mapToInt(FrameWriter::encodedLength).sum();
        byte[] out = new byte[total];
        int at = 0;
        for (Frame f : frames) at += FrameWriter.encode(f, out, at);
        return out;
    }
}
