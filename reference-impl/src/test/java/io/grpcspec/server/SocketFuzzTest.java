package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.transport.FrameTrace;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.Priority;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.UnknownFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random frame sequences (well-formed frames in any order, on any stream, with random
 * header blocks) from many connections: each connection ends however the machine decides, the
 * server never fails internally, and a well-behaved connection is served throughout.
 */
class SocketFuzzTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {20261127L, 4L, 0x5eedL, 977L})
    void randomFrameSequencesNeverBreakTheServer(long seed) throws Exception {
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Server server = ServerBuilder.forPort(0).addService(GreeterService.definition())
                .addService(InteropTestService.definition())
                .trace(name -> FrameTrace.lines(name, line -> {
                    if (line.contains("machine failed") || line.contains("listener failed")
                            || line.contains("writer failed") || line.contains("reader failed") || line.contains("handler failed")) {
                        failures.add(line);
                    }
                }))
                .build().start();
        Random random = new Random(seed);
        java.util.Map<String, Integer> answers = new java.util.TreeMap<>();
        try (RawH2Client good = new RawH2Client(server.port()).handshake()) {
            for (int conn = 0; conn < 40; conn++) {
                try (RawH2Client c = new RawH2Client(server.port())) {
                    c.socket.setSoTimeout(300);
                    c.handshake();
                    // A real call first, so the random frames meet open streams and live calls.
                    c.sendHeaders(1, RawH2Client.request("/helloworld.Greeter/SayHello"), false);
                    c.sendMessage(1, new byte[] {10, 1, 'f'}, random.nextBoolean());
                    if (random.nextBoolean()) Thread.sleep(20);
                    int n = 5 + random.nextInt(40);
                    for (int i = 0; i < n; i++) c.send(randomFrame(random, c));
                    for (Frame f : c.readAll()) answers.merge(f.typeName(), 1, Integer::sum);
                } catch (IOException peerClosedFirst) {
                    // the server may close while we still write: that is an answer too
                }
                if (conn % 10 == 9) BadInputSocketTest.assertGreeterWorks(good, 2 * conn + 1);
            }
            BadInputSocketTest.assertGreeterWorks(good, 999);
        } finally {
            server.shutdown(2, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), new ArrayList<>(failures), "internal failures (seed " + seed + ")");
        // The sequences reach past the handshake: connection errors and real responses both occur.
        for (String kind : List.of("GOAWAY", "HEADERS")) {
            assertTrue(answers.containsKey(kind), "no " + kind + " among the answers " + answers);
        }
        assertTrue(server.openConnections() == 0);
    }

    private static Frame randomFrame(Random r, RawH2Client c) {
        int stream = r.nextInt(4) == 0 ? 0 : 1 + 2 * r.nextInt(4) - (r.nextInt(5) == 0 ? 1 : 0);
        Bytes junk = randomBytes(r, r.nextInt(64));
        switch (r.nextInt(11)) {
            case 0:
                return new DataFrame(stream, junk, r.nextBoolean(), r.nextInt(3) == 0 ? r.nextInt(10) : Frame.NO_PADDING);
            case 1: {
                // a real request block half of the time (HPACK state moves), else garbage
                Bytes block = r.nextBoolean()
                        ? c.encoder.encode(RawH2Client.request(r.nextBoolean() ? "/helloworld.Greeter/SayHello" : "/grpc.testing.TestService/EmptyCall"))
                        : junk;
                return new HeadersFrame(stream, block, r.nextBoolean(), r.nextInt(4) != 0);
            }
            case 2:
                return new ContinuationFrame(stream, junk, r.nextBoolean());
            case 3:
                return new RstStreamFrame(stream, r.nextInt(16));
            case 4:
                if (r.nextInt(5) == 0) return SettingsFrame.ACK_FRAME;
                return new SettingsFrame(false, r.nextBoolean() ? List.of() : List.of(new Setting(1 + r.nextInt(7), r.nextInt(1 << 20))));
            case 5:
                return new PingFrame(r.nextInt(4) == 0, r.nextLong());
            case 6:
                return new WindowUpdateFrame(stream, r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(1 << 20));
            case 7:
                return new PriorityFrame(stream, new Priority(r.nextInt(5), r.nextBoolean(), 1 + r.nextInt(256)));
            case 8:
                return new GoAwayFrame(r.nextInt(10), r.nextInt(14), junk);
            case 9:
                return new UnknownFrame(0x20 + r.nextInt(0xd0), r.nextInt(256), stream, junk);
            default:
                return new DataFrame(1, Bytes.of(new byte[] {0, 0, 0, 0, 2, 10, 0}), r.nextBoolean(), Frame.NO_PADDING);
        }
    }

    private static Bytes randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return Bytes.of(b);
    }
}
