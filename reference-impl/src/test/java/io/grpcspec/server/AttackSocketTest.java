package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpcspec.client.CallOptions;
import io.grpcspec.client.Channel;
import io.grpcspec.client.DialOptions;
import io.grpcspec.client.GreeterClient;
import io.grpcspec.client.Grpc;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.proto.testing.ResponseParameters;
import io.grpcspec.proto.testing.StreamingOutputCallRequest;
import io.grpcspec.spec.grpc.MessageFramer;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.Priority;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sixteen HTTP/2 attack classes of issue #11, each run against one live server in a child JVM
 * with a fixed heap ({@link ChildServer}, {@code -Xmx256m}) while a well-behaved client keeps
 * calling, on its own connection and on fresh ones. Each test asserts that the attacker is cut off
 * or throttled as the rule says, that every good call succeeded, and that heap and threads stayed
 * bounded and were given back once the attacker left. The measurements of every attack are
 * printed ({@code attack: ...}) and written to {@code target/attack-report.md}; spec/limits.md
 * quotes them.
 *
 * <p>Each attack runs for {@code -Dgrpcspec.attack.millis} (2000 in the build), opening new
 * connections whenever the server cuts one off.
 */
class AttackSocketTest {

    static final long MILLIS = Long.getLong("grpcspec.attack.millis", 2000);
    static final String HEAP = "256m";
    static final long PREFACE_MILLIS = 2000;
    static final int HANDSHAKE_CAP = 64;

    private static ChildServer child;
    private static Channel channel;
    private static final Map<String, String> report = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        child = new ChildServer(HEAP, PREFACE_MILLIS, HANDSHAKE_CAP);
        channel = Grpc.dial("127.0.0.1:" + child.port, DialOptions.insecure(), DialOptions.withBlock(Duration.ofSeconds(20)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (channel != null) channel.close();
        if (child != null) child.close();
        if (report.isEmpty()) return;
        StringBuilder md = new StringBuilder("| attack | what the server did | good calls | peak heap MiB | live heap mid-attack MiB"
                + " | live heap after MiB | peak platform threads | peak connection threads | peak RSS MiB |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        report.values().forEach(row -> md.append(row).append('\n'));
        Path out = Path.of("target", "attack-report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "Server: -Xmx" + HEAP + ", each attack " + MILLIS + " ms, preface deadline " + PREFACE_MILLIS
                + " ms, handshake cap " + HANDSHAKE_CAP + ".\n\n" + md, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ the rig

    /** What an attack reports about itself: how the server answered, in a few words. */
    interface Body {
        String run(int port, long untilNanos) throws Exception;
    }

    /**
     * Runs {@code body} while the good client calls, then checks the good calls, the server's
     * health and its bounds, waits for the server to give everything back, and records the row.
     *
     * @param maxConnThreads the most reader and writer threads the attack may cause at once
     */
    private static void attack(String name, String cve, int maxConnThreads, Body body) throws Exception {
        assertTrue(child.alive(), "the server is gone: " + child.stderrTail());
        child.resetPeaks();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Thread good = Thread.ofPlatform().name("good-client").start(() -> goodClient(stop, ok, failures));
        // halfway through, what the server holds on to under attack (the stats command collects first)
        AtomicLong liveMid = new AtomicLong(-1);
        Thread probe = Thread.ofPlatform().name("heap-probe").start(() -> {
            try {
                Thread.sleep(MILLIS / 2);
                liveMid.set(child.stats().get("heap_live"));
            } catch (Exception e) {
                liveMid.set(-2);
            }
        });
        String outcome;
        try {
            outcome = body.run(child.port, System.nanoTime() + MILLIS * 1_000_000);
        } finally {
            Thread.sleep(200); // a last good call after the attack's end
            stop.set(true);
            good.join(15_000);
            probe.join(15_000);
        }
        ChildServer.Stats s = child.stats();
        long midMiB = (liveMid.get() + (1 << 19)) >> 20;
        String row = "| " + name + (cve.isEmpty() ? "" : " (" + cve + ")") + " | " + outcome + " | " + ok.get() + " ok, " + failures.size()
                + " failed | " + s.mib("heap_peak") + " | " + midMiB + " | " + s.mib("heap_live") + " | " + s.get("threads_peak") + " | "
                + s.get("conn_threads_peak") + " | " + (s.get("rss_peak_kb") + 512) / 1024 + " |";
        report.put(name, row);
        System.out.println("attack: " + name + " -> " + outcome + "; good calls " + ok.get() + " ok " + failures.size()
                + " failed; heap peak " + s.mib("heap_peak") + " MiB (live mid-attack " + midMiB + " MiB, after "
                + s.mib("heap_live") + " MiB, of " + s.mib("heap_max")
                + "), platform threads peak " + s.get("threads_peak") + ", connection threads peak " + s.get("conn_threads_peak")
                + ", connections peak " + s.get("connections_peak") + ", in handshake peak " + s.get("handshaking_peak")
                + ", RSS peak " + (s.get("rss_peak_kb") + 512) / 1024 + " MiB");
        assertEquals(List.of(), new ArrayList<>(failures), "good calls failed during " + name);
        assertTrue(ok.get() >= 4, "too few good calls during " + name + ": " + ok.get());
        assertEquals(0, s.get("failures"), "internal failures in the server: " + s.firstFailure());
        assertTrue(child.alive(), "the server died: " + child.stderrTail());
        // The peak counts garbage not yet collected (the heap is fixed, so it cannot exceed -Xmx and the
        // server would have died of an OutOfMemoryError); what it holds on to is measured after a collection.
        assertTrue(liveMid.get() >= 0 && liveMid.get() < 96L << 20, "heap live mid-attack: " + midMiB + " MiB");
        assertTrue(s.get("heap_live") < 48L << 20, "heap still live after " + name + ": " + s.mib("heap_live") + " MiB");
        assertTrue(s.get("threads_peak") < 80, "platform threads peaked at " + s.get("threads_peak"));
        assertTrue(s.get("conn_threads_peak") <= maxConnThreads, "connection threads peaked at " + s.get("conn_threads_peak"));
        assertTrue(s.get("handshaking_peak") <= HANDSHAKE_CAP, "connections in handshake peaked at " + s.get("handshaking_peak"));
        awaitQuiet(name);
    }

    /** The attacker is gone: the server must be back to the good client's one connection, no call, no extra thread. */
    private static void awaitQuiet(String name) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        ChildServer.Stats s;
        do {
            s = child.stats();
            if (s.get("connections_now") <= 1 && s.get("calls_now") == 0 && s.get("conn_threads_now") <= 2
                    && s.get("handshaking_now") == 0) return;
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        fail("after " + name + " the server still holds " + s.values());
    }

    /** Calls SayHello until told to stop, alternately on the long-lived channel and on a fresh connection. */
    private static void goodClient(AtomicBoolean stop, AtomicInteger ok, ConcurrentLinkedQueue<String> failures) {
        GreeterClient greeter = new GreeterClient(channel).withOptions(CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(10)));
        int n = 0;
        while (!stop.get()) {
            try {
                if (n++ % 2 == 0) {
                    assertEquals("Hello good", greeter.sayHello("good"));
                } else {
                    try (RawH2Client fresh = new RawH2Client(child.port)) {
                        fresh.socket.setSoTimeout(10_000);
                        fresh.handshake();
                        BadInputSocketTest.assertGreeterWorks(fresh, 1);
                    }
                }
                ok.incrementAndGet();
                Thread.sleep(25);
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                failures.add((n % 2 == 1 ? "long-lived channel: " : "fresh connection: ") + t);
            }
        }
    }

    /**
     * Runs {@code conn} on new connections until the time is up; each must end as {@code expect}
     * says (or, for an expectation that allows it, be answered without being cut off).
     */
    private static String repeat(int port, long until, boolean read, ConnAttack conn, Expect expect) throws Exception {
        int connections = 0;
        int cut = 0;
        long frames = 0;
        String how = null;
        do {
            try (AttackConn c = new AttackConn(port, read)) {
                conn.run(c, expect.mustEnd() ? until + 20_000_000_000L : until);
                c.flush();
                boolean ended = c.awaitEnd(expect.mustEnd() ? 10_000 : 2_000);
                if (!ended && expect.mustEnd()) fail("the server did not end the attacker's connection: " + c.describe());
                expect.check(c);
                if (ended) {
                    how = c.describe();
                    cut++;
                }
                connections++;
                frames += c.sent.get();
            }
        } while (System.nanoTime() < until);
        return (how == null ? "every request answered, connection kept" : how) + "; " + cut + " of " + connections
                + " connections cut off (" + frames / Math.max(1, connections) + " frames written on each)";
    }

    interface ConnAttack {
        /** Attacks on {@code c}, writing until the server cuts it off or {@code stopAt} (nanoTime) passes. */
        void run(AttackConn c, long stopAt) throws Exception;
    }

    interface Expect {
        void check(AttackConn c);

        /** False when answering every request without ending the connection is also what the rules allow. */
        default boolean mustEnd() {
            return true;
        }
    }

    /** Every request refused (RST_STREAM or an error response); a connection that keeps provoking resets is cut off (LIM-2). */
    private static Expect refusedOrCalmed() {
        return new Expect() {
            @Override
            public void check(AttackConn c) {
                assertTrue(c.count("RST_STREAM") + c.count("HEADERS") > 0, c::describe);
                if (c.goAway() != null) {
                    long code = c.goAway().errorCode();
                    assertTrue(code == ErrorCode.ENHANCE_YOUR_CALM.code() || code == ErrorCode.COMPRESSION_ERROR.code()
                            || code == ErrorCode.PROTOCOL_ERROR.code(), c::describe);
                }
            }

            @Override
            public boolean mustEnd() {
                return false;
            }
        };
    }

    private static Expect goAway(ErrorCode code, String debugPrefix) {
        return c -> {
            GoAwayFrame g = c.goAway();
            assertNotNull(g, () -> "no GOAWAY: " + c.describe());
            assertEquals(code.code(), g.errorCode(), c::describe);
            assertTrue(g.debugData().ascii().startsWith(debugPrefix), () -> "GOAWAY debug data " + g.debugData().ascii());
        };
    }

    /** Writes frames from {@code next} until the server cuts the connection off or {@code stopAt} passes. */
    private static void flood(AttackConn c, long stopAt, java.util.function.IntFunction<List<Frame>> next) {
        for (int i = 0; !c.cutOff() && System.nanoTime() < stopAt; i++) {
            for (Frame f : next.apply(i)) {
                if (!c.send(f)) return;
            }
            if (i % 32 == 31 && !c.flush()) return;
        }
    }

    private static final String SAY_HELLO = "/helloworld.Greeter/SayHello";
    private static final Bytes HELLO = MessageFramer.frame(Bytes.of(HelloRequest.newBuilder().setName("x").build().toByteArray()));

    // ------------------------------------------------------------------ the sixteen attacks

    @Test
    @Checks({"LIM-1", "LIM-5"})
    void rapidReset() throws Exception {
        attack("rapid reset", "CVE-2023-44487", 16, (port, until) -> repeat(port, until, true, (c, u) -> {
            c.handshake();
            flood(c, u, i -> List.of(c.request(1 + 2 * i, SAY_HELLO, false), AttackConn.cancel(1 + 2 * i)));
        }, goAway(ErrorCode.ENHANCE_YOUR_CALM, "LIM-1")));
    }

    @Test
    @Checks("LIM-3")
    void emptyDataFlood() throws Exception {
        attack("empty DATA flood", "CVE-2019-9518", 16, (port, until) -> repeat(port, until, true, (c, u) -> {
            c.handshake();
            c.send(c.request(1, "/grpc.testing.TestService/StreamingInputCall", false));
            flood(c, u, i -> List.of(new DataFrame(1, Bytes.EMPTY, false)));
        }, goAway(ErrorCode.ENHANCE_YOUR_CALM, "LIM-3")));
    }

    @Test
    @Checks({"LIM-4", "LIM-6"})
    void slowloris() throws Exception {
        attack("slowloris", "", 2 * (HANDSHAKE_CAP + 8), (port, until) -> {
            List<AttackConn> silent = new ArrayList<>();
            List<AttackConn> dripping = new ArrayList<>();
            List<Long> opened = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    silent.add(new AttackConn(port, true));
                    dripping.add(new AttackConn(port, true));
                }
                long t0 = System.nanoTime();
                byte[] preface = Preface.CLIENT.toByteArray();
                // one octet a second is the classic drip; ten a second still needs 2.4 s for the 24 octets
                for (int octet = 0; octet < preface.length && System.nanoTime() - t0 < (PREFACE_MILLIS + 3000) * 1_000_000L; octet++) {
                    for (AttackConn d : dripping) {
                        if (!d.cutOff()) {
                            d.raw(new byte[] {preface[octet]});
                            d.flush();
                        }
                    }
                    Thread.sleep(100);
                }
                long waitUntil = t0 + (PREFACE_MILLIS + 5000) * 1_000_000L;
                int closed = 0;
                for (AttackConn c : concat(silent, dripping)) {
                    long left = Math.max(0, (waitUntil - System.nanoTime()) / 1_000_000);
                    assertTrue(c.awaitEnd(left), "an attacker connection outlived the preface deadline: " + c.describe());
                    assertTrue(c.goAway() == null, "no GOAWAY before a valid preface");
                    closed++;
                }
                return "closed all " + closed + " silent and dripping connections (preface deadline " + PREFACE_MILLIS
                        + " ms, the oldest first beyond " + HANDSHAKE_CAP + " in handshake)";
            } finally {
                concat(silent, dripping).forEach(AttackConn::close);
            }
        });
    }

    @Test
    @Checks("HB-4")
    void continuationFlood() throws Exception {
        attack("CONTINUATION flood", "CVE-2024-27316", 16, (port, until) -> repeat(port, until, true, (c, u) -> {
            c.handshake();
            c.send(new HeadersFrame(1, c.encoder.encode(RawH2Client.request(SAY_HELLO)), false, false));
            Bytes chunk = Bytes.of(new byte[8192]);
            flood(c, u, i -> List.of(new ContinuationFrame(1, chunk, false)));
        }, goAway(ErrorCode.ENHANCE_YOUR_CALM, "HB-4")));
    }

    @Test
    @Checks({"HP-14", "LIM-2"})
    void hpackBomb() throws Exception {
        attack("HPACK bomb", "CVE-2016-6581", 16, (port, until) -> repeat(port, until, true, (c, u) -> {
            c.handshake();
            // one 4000-octet value in the dynamic table, then blocks naming it a thousand times
            // (4 MB decoded from 1 KB sent) until the server stops us
            ByteArrayOutputStream first = staticRequest();
            first.write(0x40);
            stringLiteral(first, "x-bomb");
            stringLiteral(first, "a".repeat(4000));
            c.send(new HeadersFrame(1, Bytes.of(first.toByteArray()), false, true));
            ByteArrayOutputStream bomb = staticRequest();
            for (int i = 0; i < 1000; i++) bomb.write(0x80 | 62);
            Bytes block = Bytes.of(bomb.toByteArray());
            flood(c, u, i -> List.of(new HeadersFrame(3 + 2 * i, block, true, true)));
        }, refusedOrCalmed()));
    }

    @Test
    @Checks("LIM-8")
    void settingsFlood() throws Exception {
        attack("SETTINGS flood", "CVE-2019-9515", 16, (port, until) ->
                throttled(port, until, i -> new SettingsFrame(false, List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, 65535)))));
    }

    @Test
    @Checks({"KA-11", "LIM-8"})
    void pingFlood() throws Exception {
        attack("PING flood", "CVE-2019-9512", 16, (port, until) -> repeat(port, until, true, (c, u) -> {
            c.handshake();
            flood(c, u, i -> List.of(new PingFrame(false, i)));
        }, goAway(ErrorCode.ENHANCE_YOUR_CALM, "too_many_pings")));
    }

    @Test
    @Checks({"LIM-2", "FR-14"})
    void resetFlood() throws Exception {
        attack("reset flood", "CVE-2019-9514", 16, (port, until) -> repeat(port, until, true, (c, u) -> {
            c.handshake();
            // a request the frame layer must refuse as a stream error: HEADERS depending on itself
            flood(c, u, i -> List.of(new HeadersFrame(1 + 2 * i, c.encoder.encode(RawH2Client.request(SAY_HELLO)), true, true,
                    Frame.NO_PADDING, new Priority(1 + 2 * i, false, 16))));
        }, goAway(ErrorCode.ENHANCE_YOUR_CALM, "LIM-2")));
    }

    @Test
    @Checks("LIM-9")
    void dataDribble() throws Exception {
        attack("data dribble", "CVE-2019-9511", 16, (port, until) -> {
            try (AttackConn c = new AttackConn(port, true)) {
                c.handshake(new Setting(SettingId.INITIAL_WINDOW_SIZE, 1));
                int streams = 10;
                for (int s = 0; s < streams; s++) {
                    c.send(c.request(1 + 2 * s, "/grpc.testing.TestService/StreamingOutputCall", false));
                    c.send(new DataFrame(1 + 2 * s, largeResponses(50, 64 * 1024), true));
                }
                c.flush();
                // one octet of credit at a time, on every stream, as long as the attack runs
                while (System.nanoTime() < until && !c.cutOff()) {
                    for (int s = 0; s < streams; s++) c.send(new WindowUpdateFrame(1 + 2 * s, 1));
                    c.flush();
                    Thread.sleep(2);
                }
                assertTrue(!c.cutOff(), "a slow reader breaks no rule: " + c.describe());
                long data = c.count("DATA");
                assertTrue(data > 0, "the server sends what the window allows");
                return "served " + data + " DATA frames of one octet to " + streams + " streams; responses wait in the write quota";
            }
        });
    }

    @Test
    @Checks("LIM-9")
    void internalDataBuffering() throws Exception {
        attack("internal data buffering", "CVE-2019-9517", 16, (port, until) -> {
            try (AttackConn c = new AttackConn(port, false)) {
                c.socket.setReceiveBufferSize(4096);
                c.handshake(new Setting(SettingId.INITIAL_WINDOW_SIZE, Integer.MAX_VALUE));
                c.send(new WindowUpdateFrame(0, Integer.MAX_VALUE - 65535));
                int streams = 20;
                for (int s = 0; s < streams; s++) {
                    c.send(c.request(1 + 2 * s, "/grpc.testing.TestService/StreamingOutputCall", false));
                    c.send(new DataFrame(1 + 2 * s, largeResponses(200, 64 * 1024), true));
                }
                c.flush();
                // 20 streams x 200 x 64 KiB = 250 MiB of responses asked for, never read
                while (System.nanoTime() < until) Thread.sleep(50);
                ChildServer.Stats s = child.stats();
                return "writer blocked, " + streams + " streams waiting in the write quota; heap live during the attack "
                        + s.mib("heap_live") + " MiB for 250 MiB of responses asked for";
            }
        });
    }

    @Test
    @Checks({"HP-14", "LIM-2"})
    void zeroLengthHeaders() throws Exception {
        attack("zero-length headers", "CVE-2019-9516", 16, (port, until) -> repeat(port, until, true, (c, u) -> {
            c.handshake();
            // thousands of empty names and values, half of them inserted into the dynamic table
            ByteArrayOutputStream b = staticRequest();
            for (int i = 0; i < 2000; i++) {
                b.write(i % 2 == 0 ? 0x40 : 0x10);
                b.write(0);
                b.write(0);
            }
            Bytes block = Bytes.of(b.toByteArray());
            flood(c, u, i -> List.of(new HeadersFrame(1 + 2 * i, block, true, true)));
        }, refusedOrCalmed()));
    }

    @Test
    @Checks("LIM-3")
    void priorityLoop() throws Exception {
        attack("PRIORITY resource loop", "CVE-2019-9513", 16, (port, until) -> repeat(port, until, true, (c, u) -> {
            c.handshake();
            flood(c, u, i -> List.of(new PriorityFrame(1 + 2 * (i % 100), new Priority(1 + 2 * ((i + 1) % 100), true, 1 + i % 256))));
        }, goAway(ErrorCode.ENHANCE_YOUR_CALM, "LIM-3")));
    }

    @Test
    @Checks({"LIM-2", "LIM-5", "FC-1"})
    void madeYouReset() throws Exception {
        attack("MadeYouReset", "CVE-2025-8671", 16, (port, until) -> repeat(port, until, true, (c, u) -> {
            c.handshake();
            // a real request the server starts working on, then a frame that forces it to reset the stream
            flood(c, u, i -> List.of(c.request(1 + 2 * i, SAY_HELLO, false), new DataFrame(1 + 2 * i, HELLO, false),
                    new WindowUpdateFrame(1 + 2 * i, 0)));
        }, goAway(ErrorCode.ENHANCE_YOUR_CALM, "LIM-2")));
    }

    @Test
    @Checks("FC-2")
    void windowOverflow() throws Exception {
        attack("window overflow", "", 16, (port, until) -> repeat(port, until, true, (c, u) -> {
            c.handshake();
            c.send(new WindowUpdateFrame(0, Integer.MAX_VALUE));
        }, goAway(ErrorCode.FLOW_CONTROL_ERROR, "FC-2")));
    }

    @Test
    @Checks("FR-2")
    void oversizedFrames() throws Exception {
        attack("oversized frames", "", 16, (port, until) -> repeat(port, until, true, (c, u) -> {
            c.handshake();
            c.send(c.request(1, SAY_HELLO, false));
            // a DATA frame header announcing 16 MiB - 1 octets, and a little of it
            c.raw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 0, 1});
            c.raw(new byte[1024]);
        }, goAway(ErrorCode.FRAME_SIZE_ERROR, "FR-2")));
    }

    @Test
    @Checks("STR-10")
    void streamIdRegression() throws Exception {
        attack("stream-ID regression", "", 16, (port, until) -> repeat(port, until, true, (c, u) -> {
            c.handshake();
            c.send(c.request(5, SAY_HELLO, true));
            c.send(c.request(3, SAY_HELLO, true));
        }, goAway(ErrorCode.PROTOCOL_ERROR, "STR-10")));
    }

    // ------------------------------------------------------------------ helpers

    /** Floods one connection with {@code next}'s frames without reading: the server must stop reading (LIM-8) and stay up. */
    private static String throttled(int port, long until, java.util.function.IntFunction<Frame> next) throws Exception {
        try (AttackConn c = new AttackConn(port, false)) {
            c.socket.setReceiveBufferSize(4096);
            c.handshake();
            AtomicLong written = new AtomicLong();
            Thread writer = Thread.ofVirtual().start(() -> {
                for (int i = 0; !c.cutOff(); i++) {
                    if (!c.send(next.apply(i))) return;
                    if (i % 256 == 255) {
                        if (!c.flush()) return;
                        written.set(i + 1);
                    }
                }
            });
            while (System.nanoTime() < until) Thread.sleep(50);
            // the server has stopped reading when our writes stop moving
            long deadline = System.nanoTime() + 20_000_000_000L;
            long before;
            do {
                before = written.get();
                Thread.sleep(1000);
            } while (written.get() != before && System.nanoTime() < deadline);
            assertEquals(before, written.get(), "the server kept reading a peer that reads none of its answers");
            assertTrue(!c.cutOff(), "a flood of legal frames is throttled, not an error");
            c.close();
            writer.join(5000);
            return "stopped reading after " + before + " frames (the attacker's writes stall); connection kept";
        }
    }

    /** A request block of static-table entries and literals without indexing: it leaves the dynamic table alone. */
    private static ByteArrayOutputStream staticRequest() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x83); // :method POST
        b.write(0x86); // :scheme http
        b.write(0x04); // :path, literal without indexing
        stringLiteral(b, SAY_HELLO);
        b.write(0x0f); // content-type (static 31), literal without indexing
        b.write(0x10);
        stringLiteral(b, "application/grpc");
        b.write(0x00); // te: trailers, new name
        stringLiteral(b, "te");
        stringLiteral(b, "trailers");
        return b;
    }

    /** An HPACK string literal without Huffman (RFC 7541 §5.2), length as a 7-bit-prefix integer. */
    private static void stringLiteral(ByteArrayOutputStream b, String s) {
        byte[] v = s.getBytes(StandardCharsets.ISO_8859_1);
        int n = v.length;
        if (n < 127) {
            b.write(n);
        } else {
            b.write(127);
            n -= 127;
            while (n >= 128) {
                b.write((n & 0x7f) | 0x80);
                n >>>= 7;
            }
            b.write(n);
        }
        b.write(v, 0, v.length);
    }

    private static Bytes largeResponses(int count, int size) {
        StreamingOutputCallRequest.Builder r = StreamingOutputCallRequest.newBuilder();
        for (int i = 0; i < count; i++) r.addResponseParameters(ResponseParameters.newBuilder().setSize(size));
        return MessageFramer.frame(Bytes.of(r.build().toByteArray()));
    }

    private static List<AttackConn> concat(List<AttackConn> a, List<AttackConn> b) {
        List<AttackConn> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
