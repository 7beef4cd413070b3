package io.grpcspec.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.property.engine.Context;
import io.grpcspec.property.engine.Result;
import io.grpcspec.property.model.ExplorationResult;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.driver.EndpointDriver;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.PingFrame;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Each benchmark's set-up and one invocation of each of its methods, outside JMH: the set-up
 * checks pass (or fail when the work is wrong) and every method does the work it is named for.
 * Nothing here is timed.
 */
class BenchmarkSetupTest {

    private static final Blackhole BH = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    /** Stories per corpus folder here; the benchmark's own set-up checks every story of a folder. */
    private static final int STORIES = 4;

    private static void assumeCorpus() {
        try {
            Checkout.hpackCorpus();
        } catch (Checkout.MissingCorpusException e) {
            Assumptions.assumeTrue(false, e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(FrameMix.class)
    void frameMixesRoundTripAndEveryCodecMethodHandlesThemAll(FrameMix mix) throws Exception {
        FrameCodecBenchmark b = new FrameCodecBenchmark();
        b.mix = mix;
        b.setUp();
        assertEquals(FrameMix.encode(mix.build()).length, b.encode());
        b.decodeStream(BH);
        b.decodeArray(BH);
    }

    @Test
    void hpackDecodersAgreeOnEachEncodedFolderAndDecodeTheSameFields() throws Exception {
        assumeCorpus();
        for (String folder : List.of("nghttp2", "node-http2-hpack", "nghttp2-change-table-size")) {
            HpackBenchmark.Encoded e = new HpackBenchmark.Encoded();
            e.folder = folder;
            e.load(HpackCorpus.load(folder, STORIES));
            HpackBenchmark b = new HpackBenchmark();
            HpackBenchmark.Work ours = new HpackBenchmark.Work();
            HpackBenchmark.Work netty = new HpackBenchmark.Work();
            assertEquals(b.decodeOurs(e, ours), b.decodeNetty(e, netty), folder);
            assertEquals(e.corpus.fields(), ours.fields, folder);
            assertEquals(e.corpus.blocks(), netty.blocks, folder);
            assertEquals(e.corpus.wireBytes(), ours.bytes, folder);
        }
    }

    @Test
    void hpackSetUpFailsWhenADecoderDisagreesWithTheCorpus() throws Exception {
        assumeCorpus();
        HpackBenchmark.Encoded e = new HpackBenchmark.Encoded();
        e.folder = "nghttp2";
        e.load(HpackCorpus.load("nghttp2", STORIES));
        // The same blocks, but the corpus now claims the first case decodes to something else.
        HpackCorpus.StoryData first = e.corpus.stories().get(0);
        List<HpackCorpus.CaseData> cases = new ArrayList<>(first.cases());
        HpackCorpus.CaseData c = cases.get(0);
        cases.set(0, new HpackCorpus.CaseData(c.tableSize(), c.wire(), List.of(new HeaderField(":method", "GET"))));
        List<HpackCorpus.StoryData> stories = new ArrayList<>(e.corpus.stories());
        stories.set(0, new HpackCorpus.StoryData(first.name(), cases));
        e.corpus = new HpackCorpus(e.corpus.folder(), stories);
        IllegalStateException x = assertThrows(IllegalStateException.class, () -> HpackBenchmark.checkBothDecodersAgree(e));
        assertTrue(x.getMessage().contains("nghttp2/" + first.name() + " case 0"), x.getMessage());
    }

    @Test
    void hpackEncodersRoundTripTheRawStories() throws Exception {
        assumeCorpus();
        HpackBenchmark.Raw r = new HpackBenchmark.Raw();
        r.load(HpackCorpus.load("raw-data", STORIES));
        HpackBenchmark b = new HpackBenchmark();
        HpackBenchmark.Work ours = new HpackBenchmark.Work();
        HpackBenchmark.Work netty = new HpackBenchmark.Work();
        HpackBenchmark.Work huffman = new HpackBenchmark.Work();
        long oursBytes = b.encodeOurs(r, ours);
        long nettyBytes = b.encodeNetty(r, netty);
        long huffmanBytes = b.encodeNettyHuffman(r, huffman);
        assertEquals(r.corpus.fields(), ours.fields);
        assertTrue(huffmanBytes < nettyBytes, "Huffman-coding every string makes Netty's blocks smaller");
        assertTrue(oursBytes > 0 && oursBytes == ours.bytes);
    }

    @Test
    void aMissingCorpusSaysWhereItLooked() {
        String old = System.getProperty(Checkout.VECTORS_PROPERTY);
        System.setProperty(Checkout.VECTORS_PROPERTY, "/nonexistent/hpack-corpus");
        try {
            Checkout.MissingCorpusException e = assertThrows(Checkout.MissingCorpusException.class, () -> HpackCorpus.load("nghttp2"));
            assertTrue(e.getMessage().contains("/nonexistent/hpack-corpus") && e.getMessage().contains("skipped"), e.getMessage());
        } finally {
            if (old == null) System.clearProperty(Checkout.VECTORS_PROPERTY);
            else System.setProperty(Checkout.VECTORS_PROPERTY, old);
        }
        assertTrue(Files.isDirectory(Checkout.root().orElseThrow().resolve("spec")));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 100})
    void driverStepsStartFromAConnectionWithThatManyOpenStreams(int open) {
        DriverStepBenchmark b = new DriverStepBenchmark();
        b.openStreams = open;
        b.setUp();
        int middle = 1 + 2 * (open / 2);
        assertTrue(b.receiveData().effects().stream().anyMatch(e -> e instanceof Effect.Data d && d.streamId() == middle));
        assertTrue(b.sendData().effects().stream().anyMatch(e -> e instanceof Effect.WriteFrame(DataFrame d) && d.streamId() == middle));
        EndpointDriver.DriverStep h = b.receiveHeadersNewStream();
        assertEquals(open + 1, h.state().endpoint().liveStreams().size());
        assertTrue(b.receivePing().effects().stream().anyMatch(e -> e instanceof Effect.WriteFrame(PingFrame p) && p.ack()));
        // Every method steps the same state: the benchmark's base state is never changed.
        assertEquals(open + 1, b.receiveHeadersNewStream().state().endpoint().liveStreams().size());
    }

    @Test
    void conversationsRunAHundredPassingCases() {
        ConversationBenchmark b = new ConversationBenchmark();
        b.maxSteps = 20;
        Result<Context> r = b.conformingPeers();
        assertTrue(r.passed());
        assertEquals(ConversationBenchmark.TRIES, r.cases());
    }

    @Test
    void theModelCheckerExploresABoundCompletelyAndCountsItsStates() {
        ModelCheckBenchmark b = new ModelCheckBenchmark();
        b.bound = "tiny";
        ModelCheckBenchmark.Explored counted = new ModelCheckBenchmark.Explored();
        ExplorationResult r = b.explore(counted);
        assertTrue(r.complete() && r.violations().isEmpty(), r.summary());
        assertEquals(r.states(), counted.states);
        assertTrue(counted.transitions >= counted.states - 1, "a connected graph has at least states - 1 edges");
    }
}
