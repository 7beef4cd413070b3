package io.grpcspec.bench.jmh;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import io.grpcspec.hpack.DecodeResult;
import io.grpcspec.hpack.DecoderState;
import io.grpcspec.hpack.EncoderState;
import io.grpcspec.wire.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HPACK on the shared hpack-test-case corpus, ours against Netty's (the HPACK inside grpc-java's
 * grpc-netty-shaded, through its public {@code DefaultHttp2HeadersDecoder}/{@code Encoder}).
 * One operation is one pass over a whole corpus folder, each story from a fresh compression
 * context, case after case; the {@code blocks}, {@code fields} and {@code bytes} counters give
 * the same work per second. The corpus is read from {@code ../shared/vectors} at set-up; without
 * it every method here fails at set-up with a message saying where it looked, and JMH goes on
 * with the other benchmarks.
 *
 * <p>Set-up also checks that both decoders give the same header list for every block (and that
 * each encoder's blocks decode back to the input), so both sides are measured doing the same job.
 * Netty's encoder Huffman-codes only strings of 512 octets and more by default (what grpc-java
 * runs); {@code encodeNettyHuffman} makes it Huffman-code every string, as ours does when that is shorter.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HpackBenchmark {

    /** Per-operation work, reported by JMH as rates beside ops/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        public long blocks;
        public long fields;
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            blocks = 0;
            fields = 0;
            bytes = 0;
        }
    }

    /** The encoded folders: decoding. */
    @State(Scope.Benchmark)
    public static class Encoded {
        @Param({"nghttp2", "node-http2-hpack", "nghttp2-change-table-size"})
        public String folder;

        HpackCorpus corpus;
        /** Per story, per case: the block wrapped once for Netty; reset before each decode. */
        ByteBuf[][] nettyBlocks;

        @Setup(Level.Trial)
        public void load() throws Http2Exception {
            load(HpackCorpus.load(folder));
        }

        void load(HpackCorpus loaded) throws Http2Exception {
            corpus = loaded;
            nettyBlocks = new ByteBuf[corpus.stories().size()][];
            for (int s = 0; s < corpus.stories().size(); s++) {
                List<HpackCorpus.CaseData> cases = corpus.stories().get(s).cases();
                nettyBlocks[s] = new ByteBuf[cases.size()];
                for (int c = 0; c < cases.size(); c++) nettyBlocks[s][c] = Unpooled.wrappedBuffer(cases.get(c).wire());
            }
            checkBothDecodersAgree(this);
        }
    }

    /** The raw-data folder: encoding. */
    @State(Scope.Benchmark)
    public static class Raw {
        HpackCorpus corpus;
        /** Per story, per case: the header list as Netty headers. */
        Http2Headers[][] nettyHeaders;
        ByteBuf out;

        @Setup(Level.Trial)
        public void load() throws Http2Exception {
            load(HpackCorpus.load("raw-data"));
        }

        void load(HpackCorpus loaded) throws Http2Exception {
            corpus = loaded;
            nettyHeaders = new Http2Headers[corpus.stories().size()][];
            for (int s = 0; s < corpus.stories().size(); s++) {
                List<HpackCorpus.CaseData> cases = corpus.stories().get(s).cases();
                nettyHeaders[s] = new Http2Headers[cases.size()];
                for (int c = 0; c < cases.size(); c++) nettyHeaders[s][c] = nettyHeaders(cases.get(c).headers());
            }
            out = Unpooled.buffer(1 << 16);
            checkEncodersRoundTrip(this);
        }
    }

    @Benchmark
    public int decodeOurs(Encoded e, Work w) {
        int fields = 0;
        long bytes = 0;
        for (HpackCorpus.StoryData story : e.corpus.stories()) {
            DecoderState d = DecoderState.initial(DecoderState.DEFAULT_TABLE_SIZE, Long.MAX_VALUE);
            for (HpackCorpus.CaseData c : story.cases()) {
                if (c.tableSize() >= 0) d = d.withMaxTableSize((int) Math.min(Integer.MAX_VALUE, c.tableSize()));
                DecoderState.Decoded r = d.decode(c.wire(), 0, c.wire().length);
                d = r.state();
                if (!(r.result() instanceof DecodeResult.Fields(var list))) throw new IllegalStateException(story.name() + ": " + r.result());
                fields += list.size();
                bytes += c.wire().length;
            }
        }
        w.blocks += e.corpus.blocks();
        w.fields += fields;
        w.bytes += bytes;
        return fields;
    }

    @Benchmark
    public int decodeNetty(Encoded e, Work w) throws Http2Exception {
        int fields = 0;
        long bytes = 0;
        for (int s = 0; s < e.nettyBlocks.length; s++) {
            DefaultHttp2HeadersDecoder d = nettyDecoder();
            List<HpackCorpus.CaseData> cases = e.corpus.stories().get(s).cases();
            for (int c = 0; c < cases.size(); c++) {
                if (cases.get(c).tableSize() >= 0) d.maxHeaderTableSize(cases.get(c).tableSize());
                ByteBuf block = e.nettyBlocks[s][c];
                block.readerIndex(0);
                bytes += block.readableBytes();
                fields += d.decodeHeaders(1, block).size();
            }
        }
        w.blocks += e.corpus.blocks();
        w.fields += fields;
        w.bytes += bytes;
        return fields;
    }

    @Benchmark
    public long encodeOurs(Raw r, Work w) {
        long bytes = 0;
        for (HpackCorpus.StoryData story : r.corpus.stories()) {
            EncoderState enc = EncoderState.initial();
            for (HpackCorpus.CaseData c : story.cases()) {
                EncoderState.Encoded e = enc.encode(c.headers());
                enc = e.state();
                bytes += e.block().length();
            }
        }
        w.blocks += r.corpus.blocks();
        w.fields += r.corpus.fields();
        w.bytes += bytes;
        return bytes;
    }

    @Benchmark
    public long encodeNetty(Raw r, Work w) throws Http2Exception {
        return encodeNetty(r, w, new Http2HeadersEncoderFactory(false));
    }

    @Benchmark
    public long encodeNettyHuffman(Raw r, Work w) throws Http2Exception {
        return encodeNetty(r, w, new Http2HeadersEncoderFactory(true));
    }

    private static long encodeNetty(Raw r, Work w, Http2HeadersEncoderFactory factory) throws Http2Exception {
        long bytes = 0;
        for (Http2Headers[] story : r.nettyHeaders) {
            DefaultHttp2HeadersEncoder enc = factory.create();
            for (Http2Headers h : story) {
                r.out.clear();
                enc.encodeHeaders(1, h, r.out);
                bytes += r.out.readableBytes();
            }
        }
        w.blocks += r.corpus.blocks();
        w.fields += r.corpus.fields();
        w.bytes += bytes;
        return bytes;
    }

    /** Netty's encoder with its defaults, or Huffman-coding every string (threshold 0). */
    private record Http2HeadersEncoderFactory(boolean huffmanAll) {
        DefaultHttp2HeadersEncoder create() {
            // No sensitive fields, no header-list limit (the corpus has big lists), default table hint.
            return huffmanAll
                    ? new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE, true, 16, 0)
                    : new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE, true);
        }
    }

    /** Netty's decoder without header validation (ours validates in the stream machine, not in HPACK) and no list limit. */
    static DefaultHttp2HeadersDecoder nettyDecoder() {
        return new DefaultHttp2HeadersDecoder(false, false, 0xffff_ffffL);
    }

    static Http2Headers nettyHeaders(List<HeaderField> fields) {
        DefaultHttp2Headers h = new DefaultHttp2Headers(false);
        for (HeaderField f : fields) h.add(ascii(f.name()), ascii(f.value()));
        return h;
    }

    private static AsciiString ascii(String octets) {
        return new AsciiString(octets.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    /** Netty's headers as our fields, in Netty's order (it keeps pseudo-headers first). */
    static List<HeaderField> fieldsOf(Http2Headers h) {
        List<HeaderField> out = new ArrayList<>(h.size());
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iterator(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            out.add(new HeaderField(e.getKey().toString(), e.getValue().toString()));
        }
        return out;
    }

    /** Pseudo-headers first, the rest in order: the order Netty's header map iterates in. */
    static List<HeaderField> pseudoFirst(List<HeaderField> fields) {
        List<HeaderField> out = new ArrayList<>(fields.size());
        for (HeaderField f : fields) if (f.isPseudo()) out.add(new HeaderField(f.name(), f.value()));
        for (HeaderField f : fields) if (!f.isPseudo()) out.add(new HeaderField(f.name(), f.value()));
        return out;
    }

    /** Both decoders give the corpus's header list for every block, or set-up fails. */
    static void checkBothDecodersAgree(Encoded e) throws Http2Exception {
        for (int s = 0; s < e.corpus.stories().size(); s++) {
            HpackCorpus.StoryData story = e.corpus.stories().get(s);
            DecoderState ours = DecoderState.initial(DecoderState.DEFAULT_TABLE_SIZE, Long.MAX_VALUE);
            DefaultHttp2HeadersDecoder netty = nettyDecoder();
            for (int c = 0; c < story.cases().size(); c++) {
                HpackCorpus.CaseData k = story.cases().get(c);
                String where = e.folder + "/" + story.name() + " case " + c;
                if (k.tableSize() >= 0) {
                    ours = ours.withMaxTableSize((int) Math.min(Integer.MAX_VALUE, k.tableSize()));
                    netty.maxHeaderTableSize(k.tableSize());
                }
                DecoderState.Decoded r = ours.decode(k.wire(), 0, k.wire().length);
                ours = r.state();
                if (!(r.result() instanceof DecodeResult.Fields(var list)) || !list.equals(k.headers())) {
                    throw new IllegalStateException(where + ": our decoder disagrees with the corpus: " + r.result());
                }
                ByteBuf block = e.nettyBlocks[s][c];
                block.readerIndex(0);
                List<HeaderField> got = fieldsOf(netty.decodeHeaders(1, block));
                if (!got.equals(pseudoFirst(k.headers()))) {
                    throw new IllegalStateException(where + ": Netty's decoder disagrees with the corpus: " + got);
                }
            }
        }
    }

    /** Each encoder's blocks decode back to the corpus's lists (with the decoder of the other side), or set-up fails. */
    static void checkEncodersRoundTrip(Raw r) throws Http2Exception {
        for (int s = 0; s < r.corpus.stories().size(); s++) {
            HpackCorpus.StoryData story = r.corpus.stories().get(s);
            EncoderState ours = EncoderState.initial();
            DefaultHttp2HeadersDecoder nettyReads = nettyDecoder();
            DefaultHttp2HeadersEncoder netty = new Http2HeadersEncoderFactory(false).create();
            DecoderState oursReads = DecoderState.initial(DecoderState.DEFAULT_TABLE_SIZE, Long.MAX_VALUE);
            for (int c = 0; c < story.cases().size(); c++) {
                HpackCorpus.CaseData k = story.cases().get(c);
                String where = "raw-data/" + story.name() + " case " + c;
                EncoderState.Encoded e = ours.encode(k.headers());
                ours = e.state();
                List<HeaderField> back = fieldsOf(nettyReads.decodeHeaders(1, Unpooled.wrappedBuffer(e.block().toByteArray())));
                if (!back.equals(pseudoFirst(k.headers()))) throw new IllegalStateException(where + ": our block reads back as " + back);
                r.out.clear();
                netty.encodeHeaders(1, r.nettyHeaders[s][c], r.out);
                byte[] block = new byte[r.out.readableBytes()];
                r.out.getBytes(r.out.readerIndex(), block);
                DecoderState.Decoded d = oursReads.decode(block, 0, block.length);
                oursReads = d.state();
                if (!(d.result() instanceof DecodeResult.Fields(var list)) || !list.equals(pseudoFirst(k.headers()))) {
                    throw new IllegalStateException(where + ": Netty's block reads back as " + d.result());
                }
            }
        }
    }
}
