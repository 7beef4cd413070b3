package io.grpcspec.property.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.hpack.DecodeResult;
import io.grpcspec.hpack.DecoderState;
import io.grpcspec.hpack.EncoderState;
import io.grpcspec.property.engine.Gen;
import io.grpcspec.property.engine.Many;
import io.grpcspec.property.engine.Property;
import io.grpcspec.property.engine.Result;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.testing.Checks;
import io.grpcspec.transport.FrameTrace;
import io.grpcspec.transport.Http2Connection;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.Preface;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing the server's receive path: the frame reader, the HPACK decoder, the machine behind
 * its driver (pure, fast) and a live server over sockets, each fed {@link FuzzInputs}: frames
 * from the property engine's generators, mutated recordings of real conversations, random
 * octets. Never a crash (an exception past the connection boundary, an internal failure in the
 * server), never a hang (every connection ends within its deadline), never a leak (a thread, a
 * connection, a call, a timer or queued data left behind).
 *
 * <p>The build runs a short pass; {@code -Dgrpcspec.fuzz=long} runs the documented long one (a
 * million inputs each for the reader and HPACK, a hundred thousand conversations through the
 * machine, thousands of connections). Both end with one line,
 * {@code fuzz: inputs=<N> seconds=<S> crashes=0 hangs=0 leaks=0}; a finding fails its test with
 * the shrunk input and the command that replays it.
 */
class FuzzTest {

    static final boolean LONG = "long".equals(System.getProperty("grpcspec.fuzz"));

    private static final AtomicLong inputs = new AtomicLong();
    private static final AtomicLong crashes = new AtomicLong();
    private static final AtomicLong hangs = new AtomicLong();
    private static final AtomicLong leaks = new AtomicLong();
    private static long started;

    @BeforeAll
    static void start() {
        started = System.nanoTime();
    }

    @AfterAll
    static void summary() {
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("fuzz: inputs=%d seconds=%.1f crashes=%d hangs=%d leaks=%d%n", inputs.get(), seconds, crashes.get(),
                hangs.get(), leaks.get());
    }

    /** Runs {@code property} and books its cases and findings; fails on a finding with the engine's report. */
    private static <T> void book(String target, Result<T> r) {
        inputs.addAndGet(r.cases());
        System.out.println("fuzz target " + target + ": inputs=" + r.cases() + " seconds="
                + String.format("%.1f", r.elapsed().toMillis() / 1000.0) + " " + (r.passed() ? "ok" : "FINDING"));
        if (r.passed()) return;
        Throwable e = r.failure() == null ? null : r.failure().error();
        String kind = e instanceof Pipeline.Finding f ? f.kind : "crash";
        switch (kind) {
            case "hang" -> hangs.incrementAndGet();
            case "leak" -> leaks.incrementAndGet();
            default -> crashes.incrementAndGet();
        }
        throw new AssertionError(r.summary() + "\n" + r.rerun() + "\nexample: " + (r.failure() == null ? "" : r.failure().example()), e);
    }

    // ------------------------------------------------------------------ the frame reader

    @Test
    @Checks("FR-2")
    void frameReaderTakesAnyOctetsAndEndsInAFrameOrATypedError() {
        Gen<byte[]> gen = src -> src.weighted(0.3) ? src.draw(FuzzInputs.RANDOM) : src.draw(FuzzInputs.ANY);
        book("frame-reader", Property.forAll("frame reader on fuzzed octets", gen).tries(LONG ? 1_000_000 : 20_000)
                .printSummary(false).maxChoices(2_000_000).run(input -> {
                    for (int limit : new int[] {FrameReader.DEFAULT_MAX_FRAME_SIZE, FrameReader.MAX_MAX_FRAME_SIZE}) {
                        FrameReader r = new FrameReader(new ByteArrayInputStream(input), limit);
                        int frames = 0;
                        while (true) {
                            try {
                                Frame f = r.readFrame();
                                if (f == null) break;
                                if (++frames > input.length / 9 + 1) throw new Pipeline.Finding("hang", "more frames than octets allow");
                            } catch (FrameException e) {
                                if (!e.kind().resumable()) break;
                            } catch (IOException e) {
                                throw new Pipeline.Finding("crash", "reading from memory failed", e);
                            } catch (RuntimeException e) {
                                throw new Pipeline.Finding("crash", "the reader threw " + e, e);
                            }
                        }
                    }
                }));
    }

    // ------------------------------------------------------------------ HPACK

    private static final List<String> NAMES = List.of(":path", ":authority", "content-type", "te", "grpc-timeout",
            "x-user", "", "UPPER", "grpc-status");

    private static final Gen<HeaderField> FIELD = src -> new HeaderField(
            src.weighted(0.8) ? src.pick(NAMES) : new String(bytes(src, 12), java.nio.charset.StandardCharsets.ISO_8859_1),
            src.weighted(0.3) ? "x".repeat(src.draw(0, 5000)) : new String(bytes(src, 16), java.nio.charset.StandardCharsets.ISO_8859_1),
            src.weighted(0.1));

    private static byte[] bytes(io.grpcspec.property.engine.Source src, int max) {
        byte[] b = new byte[src.draw(0, max)];
        for (int i = 0; i < b.length; i++) b[i] = (byte) src.draw(0, 255);
        return b;
    }

    @Test
    @Checks({"HP-1", "HP-14"})
    void hpackDecoderTakesAnyBlockSequenceAndEndsInFieldsOrATypedError() {
        Gen<List<Bytes>> blocks = src -> {
            EncoderState enc = EncoderState.initial();
            if (src.weighted(0.2)) enc = enc.withMaxTableSize(src.draw(0, 8192));
            List<Bytes> out = new ArrayList<>();
            Many n = src.many(1, 8, 3);
            while (n.more()) {
                if (src.weighted(0.25)) {
                    out.add(Bytes.of(bytes(src, 200)));
                    continue;
                }
                List<HeaderField> fields = new ArrayList<>();
                Many m = src.many(0, 16, 4);
                while (m.more()) fields.add(src.draw(FIELD));
                EncoderState.Encoded e = enc.encode(fields);
                enc = e.state();
                byte[] b = e.block().toByteArray();
                Many flips = src.many(0, 3, 0.5);
                while (flips.more() && b.length > 0) b[src.choose(b.length)] = (byte) src.draw(0, 255);
                out.add(Bytes.of(b));
            }
            return out;
        };
        book("hpack", Property.forAll("HPACK decoder on fuzzed blocks", blocks).tries(LONG ? 1_000_000 : 20_000)
                .printSummary(false).maxChoices(2_000_000).run(list -> {
                    DecoderState d = DecoderState.initial(8192);
                    for (Bytes block : list) {
                        DecoderState.Decoded r;
                        try {
                            r = d.decode(block);
                        } catch (RuntimeException e) {
                            throw new Pipeline.Finding("crash", "the decoder threw " + e, e);
                        }
                        d = r.state();
                        if (r.result() instanceof DecodeResult.Failed) break; // a connection error: the stream of blocks ends
                        if (r.result() instanceof DecodeResult.Fields f) {
                            long size = 0;
                            for (HeaderField h : f.fields()) size += h.name().length() + h.value().length() + 32L;
                            if (size > 8192) throw new Pipeline.Finding("crash", "a list of " + size + " octets passed an 8192 limit");
                        }
                    }
                }));
    }

    // ------------------------------------------------------------------ the machine behind its driver

    @Test
    @Checks({"GA-10", "LIM-3", "LIM-5", "LIM-7"})
    void theServersReceivePathTakesAnyConversation() {
        book("machine", Property.forAll("server machine on fuzzed conversations", FuzzInputs.ANY)
                .tries(LONG ? 100_000 : 2_000).printSummary(false).maxChoices(2_000_000).run(Pipeline::run));
    }

    // ------------------------------------------------------------------ a live server

    @Test
    @Checks({"GA-10", "CONN-9"})
    void aLiveServerTakesAnyConversationWithoutCrashHangOrLeak() throws Exception {
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Server server = ServerBuilder.forPort(0).addService(GreeterService.definition()).addService(InteropTestService.definition())
                .trace(name -> FrameTrace.lines(name, line -> {
                    if (line.contains("machine failed") || line.contains("listener failed") || line.contains("writer failed")
                            || line.contains("reader failed") || line.contains("handler failed")) {
                        failures.add(name + " " + line);
                    }
                }))
                .build().start();
        long threadsBefore = connectionThreads();
        try {
            book("socket", Property.forAll("live server on fuzzed conversations", FuzzInputs.ANY).tries(LONG ? 5_000 : 150)
                    .printSummary(false).maxChoices(2_000_000).run(input -> {
                        converse(server.port(), input);
                        if (!failures.isEmpty()) throw new Pipeline.Finding("crash", "the server failed inside: " + failures.peek());
                    }));
            // leaks: every connection, call, handshake slot and connection thread is given back
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while ((server.openConnections() > 0 || server.callsInProgress() > 0 || server.connectionsInHandshake() > 0
                    || connectionThreads() > threadsBefore) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String held = "connections=" + server.openConnections() + " calls=" + server.callsInProgress() + " handshaking="
                    + server.connectionsInHandshake() + " connection threads=" + (connectionThreads() - threadsBefore);
            if (!held.equals("connections=0 calls=0 handshaking=0 connection threads=0")) {
                leaks.incrementAndGet();
                throw new AssertionError("the server still holds " + held);
            }
        } finally {
            server.shutdownNow();
        }
        assertEquals(List.of(), new ArrayList<>(failures));
    }

    private static long connectionThreads() {
        return Http2Connection.liveThreadNames().stream().filter(n -> n.startsWith("grpcspec-")).count();
    }

    /** Preface, the input, our FIN; then the server must end the connection within its deadline. */
    private static void converse(int port, byte[] input) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            String[] hang = new String[1];
            Thread reader = Thread.ofVirtual().start(() -> {
                byte[] sink = new byte[8192];
                try {
                    while (in.read(sink) >= 0) { }
                } catch (SocketTimeoutException e) {
                    hang[0] = "the server kept the connection 10 s after our FIN";
                } catch (IOException e) {
                    // reset: an end too
                }
            });
            try {
                OutputStream out = s.getOutputStream();
                out.write(Preface.CLIENT.toByteArray());
                out.write(input);
                out.flush();
                s.shutdownOutput();
            } catch (IOException closedFirst) {
                // the server may close while we still write: that is an answer too
            }
            reader.join(15_000);
            if (reader.isAlive()) throw new Pipeline.Finding("hang", "no end of the connection within 15 s");
            if (hang[0] != null) throw new Pipeline.Finding("hang", hang[0]);
        } catch (IOException | InterruptedException e) {
            throw new Pipeline.Finding("crash", "could not talk to the server: " + e, e);
        }
    }
}
