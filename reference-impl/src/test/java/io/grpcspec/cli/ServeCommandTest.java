package io.grpcspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.grpc.MessageFramer;
import io.grpcspec.transport.ConnectionListener;
import io.grpcspec.transport.FrameTrace;
import io.grpcspec.transport.Http2Connection;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.grpcspec.testing.CliRun;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grpcspec serve} as a user runs it: a separate JVM, its address line, a call, health and
 * reflection on by default (and off on request), SIGTERM = graceful stop.
 */
class ServeCommandTest {
    @TempDir
    Path dir;

    /** Starts {@code grpcspec serve --port 0 extra...} in a child JVM; returns it and its port once it announced it. */
    private record Serving(Process process, Path log, int port) {}

    private Serving serve(String... extra) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Output goes to a file: a pipe read after the child exits loses its tail (the JDK closes it).
        Path log = dir.resolve("serve.log");
        List<String> command = new ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0"));
        command.addAll(List.of(extra));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String line = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (line == null && System.nanoTime() < deadline && p.isAlive()) {
            List<String> now = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (!now.isEmpty()) line = now.get(0);
            else Thread.sleep(50);
        }
        Matcher m = Pattern.compile("grpcspec: serving on 127\\.0\\.0\\.1:(\\d+) \\(plaintext\\)").matcher(String.valueOf(line));
        if (!m.matches()) p.destroyForcibly();
        assertTrue(m.matches(), "first line: " + line);
        return new Serving(p, log, Integer.parseInt(m.group(1)));
    }

    @Test
    void serveAnnouncesItsAddressServesGreeterAndStopsOnSigterm() throws Exception {
        Serving s = serve("--trace");
        Process p = s.process();
        Path log = s.log();
        try {
            int port = s.port();
            assertEquals("Hello cli", sayHello(port, "cli"));

            // Health and reflection are on by default.
            CliRun list = CliRun.of("list", "127.0.0.1:" + port);
            assertEquals(List.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
                    "grpc.testing.TestService", "helloworld.Greeter"), list.lines(), list.err());
            CliRun health = CliRun.of("call", "127.0.0.1:" + port, "grpc.health.v1.Health/Check", "{\"service\": \"helloworld.Greeter\"}");
            assertEquals("{\n  \"status\": \"SERVING\"\n}", health.text(), health.err());

            p.destroy(); // SIGTERM: the shutdown hook stops the server gracefully
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "serve did not exit after SIGTERM");
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("grpcspec: stopping")), "exit " + p.exitValue() + "\n" + String.join("\n", lines));
            // --trace printed the frames both ways
            assertTrue(lines.stream().anyMatch(l -> l.contains(">> SETTINGS")), String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.contains("<< HEADERS stream=1")), String.join("\n", lines));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void directExecutorIsAFlagTheServerServesWith() throws Exception {
        ServeCommand parsed = new ServeCommand();
        new picocli.CommandLine(parsed).parseArgs("--direct-executor");
        assertTrue(parsed.directExecutor, "--direct-executor sets the option");
        ServeCommand plain = new ServeCommand();
        new picocli.CommandLine(plain).parseArgs();
        assertTrue(!plain.directExecutor, "off by default");
        Serving s = serve("--direct-executor");
        try {
            // a unary call (on the reader) and a server-streaming one bigger than a 64 KiB window (on the pool)
            assertEquals("Hello direct", sayHello(s.port(), "direct"));
            CliRun call = CliRun.of("call", "127.0.0.1:" + s.port(), "grpc.testing.TestService/StreamingOutputCall",
                    "{\"responseParameters\": [{\"size\": 60000}, {\"size\": 60000}, {\"size\": 60000}]}");
            assertEquals(0, call.exit(), call.err());
            assertEquals(3, call.text().split("\"body\"", -1).length - 1, call.text().length() + " chars: three responses");
        } finally {
            s.process().destroyForcibly();
        }
    }

    @Test
    void healthAndReflectionCanBeTurnedOff() throws Exception {
        Serving s = serve("--no-health", "--no-reflection");
        try {
            String target = "127.0.0.1:" + s.port();
            CliRun list = CliRun.of("list", target);
            assertEquals(1, list.exit(), list.err());
            assertTrue(list.err().contains("the server does not support reflection"), list.err());
            CliRun health = CliRun.of("call", target, "grpc.health.v1.Health/Check");
            assertEquals(64 + 12, health.exit(), health.err());
            assertTrue(health.err().startsWith("ERROR: UNIMPLEMENTED: "), health.err());
        } finally {
            s.process().destroyForcibly();
        }
    }

    @Test
    @io.grpcspec.testing.Checks({"LIM-1", "LIM-4"})
    void limitFlagsReachTheServer() throws Exception {
        Serving s = serve("--preface-timeout", "0.3", "--max-resets", "2");
        try (Socket silent = new Socket("127.0.0.1", s.port())) {
            silent.setSoTimeout(5000);
            long t0 = System.nanoTime();
            while (silent.getInputStream().read(new byte[64]) >= 0) { } // SETTINGS, then the close
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 4000, "closed at the 0.3 s preface deadline");
        }
        try (Socket attacker = new Socket("127.0.0.1", s.port())) {
            // three resets with a budget of two: GOAWAY ENHANCE_YOUR_CALM naming LIM-1
            java.io.OutputStream out = attacker.getOutputStream();
            out.write(io.grpcspec.wire.Preface.CLIENT.toByteArray());
            out.write(io.grpcspec.wire.FrameWriter.encode(io.grpcspec.wire.SettingsFrame.of()));
            io.grpcspec.hpack.HpackEncoder enc = new io.grpcspec.hpack.HpackEncoder();
            for (int id = 1; id <= 5; id += 2) {
                out.write(io.grpcspec.wire.FrameWriter.encode(new io.grpcspec.wire.HeadersFrame(id, enc.encode(List.of(
                        new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
                        new HeaderField(":path", "/helloworld.Greeter/SayHello"), new HeaderField("te", "trailers"),
                        new HeaderField("content-type", "application/grpc"))), false, true)));
                out.write(io.grpcspec.wire.FrameWriter.encode(new io.grpcspec.wire.RstStreamFrame(id, 8)));
            }
            out.flush();
            attacker.setSoTimeout(5000);
            io.grpcspec.wire.FrameReader r = new io.grpcspec.wire.FrameReader(attacker.getInputStream());
            io.grpcspec.wire.GoAwayFrame g = null;
            for (io.grpcspec.wire.Frame f; g == null && (f = r.readFrame()) != null; ) {
                if (f instanceof io.grpcspec.wire.GoAwayFrame x) g = x;
            }
            assertTrue(g != null && g.code() == io.grpcspec.wire.ErrorCode.ENHANCE_YOUR_CALM
                    && g.debugData().ascii().startsWith("LIM-1"), "GOAWAY " + g);
        } finally {
            s.process().destroyForcibly();
        }
        CliRun bad = CliRun.of("serve", "--port", "0", "--preface-timeout", "0");
        assertEquals(2, bad.exit());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().startsWith("serve: --preface-timeout must be more than 0"), bad.err());
    }

    /**
     * {@code --max-connections 2}: two connections are served (each gets the server's SETTINGS), a
     * third is closed at accept without a byte, and a bad bound is refused.
     */
    @Test
    void maxConnectionsFlagBoundsTheConnectionsServed() throws Exception {
        Serving s = serve("--max-connections", "2");
        try (Socket first = new Socket("127.0.0.1", s.port()); Socket second = new Socket("127.0.0.1", s.port())) {
            for (Socket served : List.of(first, second)) {
                served.setSoTimeout(10_000);
                io.grpcspec.wire.Frame f = new io.grpcspec.wire.FrameReader(served.getInputStream()).readFrame();
                assertTrue(f instanceof io.grpcspec.wire.SettingsFrame, "served connection starts with SETTINGS, not " + f);
            }
            // Both are accepted and counted now: the third is over the bound.
            try (Socket third = new Socket("127.0.0.1", s.port())) {
                third.setSoTimeout(10_000);
                assertEquals(-1, third.getInputStream().read(), "the connection over the bound is closed at once");
            }
        } finally {
            s.process().destroyForcibly();
        }
        CliRun bad = CliRun.of("serve", "--port", "0", "--max-connections", "0");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("serve: --max-connections must be at least 1"), bad.err());
    }

    /** One call with our own transport in the client role. */
    private static String sayHello(int port, String name) throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        CountDownLatch ready = new CountDownLatch(1);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        ConnectionListener l = new ConnectionListener() {
            @Override
            public void onReady(Http2Connection c) {
                ready.countDown();
            }

            @Override
            public void onData(Http2Connection c, int streamId, Bytes data, boolean endStream) {
                body.writeBytes(data.toByteArray());
                c.consumed(streamId, data.length());
            }

            @Override
            public void onHeaders(Http2Connection c, int streamId, List<HeaderField> fields, boolean endStream, boolean trailers) {
                if (endStream) reply.complete(body.toByteArray());
            }
        };
        Http2Connection c = Http2Connection.start(new Socket("127.0.0.1", port), EndpointConfig.client(), l, timers, FrameTrace.NONE, "cli-test");
        try {
            // CONN-8: a client opens streams only after the server's SETTINGS.
            assertTrue(ready.await(10, TimeUnit.SECONDS), "no server SETTINGS");
            c.openStream(List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
                    new HeaderField(":path", "/helloworld.Greeter/SayHello"), new HeaderField(":authority", "localhost"),
                    new HeaderField("te", "trailers"), new HeaderField("content-type", "application/grpc")), false);
            c.sendData(1, MessageFramer.frame(Bytes.of(HelloRequest.newBuilder().setName(name).build().toByteArray())), true);
            byte[] b = reply.get(10, TimeUnit.SECONDS);
            return HelloReply.parseFrom(Arrays.copyOfRange(b, 5, b.length)).getMessage();
        } finally {
            c.shutdown(false);
            timers.shutdownNow();
        }
    }
}
