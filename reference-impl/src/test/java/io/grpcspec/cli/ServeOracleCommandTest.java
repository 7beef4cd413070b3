package io.grpcspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.client.Channel;
import io.grpcspec.client.DialOptions;
import io.grpcspec.client.GreeterClient;
import io.grpcspec.client.Grpc;
import io.grpcspec.wire.Preface;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grpcspec serve --oracle} as a user runs it, in a child JVM: verdicts on stderr, the
 * summary and the JSON and JUnit reports at the end of {@code --duration} or on SIGTERM, exit
 * status 1 when a client broke a MUST rule; and the command line's refusals.
 */
class ServeOracleCommandTest {
    @TempDir
    Path dir;

    private record Serving(Process process, Path out, Path err, int port) {
        String text() throws java.io.IOException {
            return Files.readString(out, StandardCharsets.UTF_8) + "\n--- stderr ---\n" + Files.readString(err, StandardCharsets.UTF_8);
        }
    }

    private Serving serve(String... extra) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve("serve.out");
        Path err = dir.resolve("serve.err");
        List<String> command = new ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0"));
        command.addAll(List.of(extra));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        String line = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (line == null && System.nanoTime() < deadline && p.isAlive()) {
            List<String> now = Files.readAllLines(out, StandardCharsets.UTF_8);
            if (!now.isEmpty()) line = now.get(0);
            else Thread.sleep(50);
        }
        Matcher m = Pattern.compile("grpcspec: serving on 127\\.0\\.0\\.1:(\\d+) \\(plaintext\\)").matcher(String.valueOf(line));
        if (!m.matches()) p.destroyForcibly();
        assertTrue(m.matches(), "first line: " + line);
        return new Serving(p, out, err, Integer.parseInt(m.group(1)));
    }

    private static void greet(int port) throws Exception {
        try (Channel ch = Grpc.dial("127.0.0.1:" + port, DialOptions.insecure(), DialOptions.withBlock(Duration.ofSeconds(10)))) {
            assertEquals("Hello oracle", new GreeterClient(ch).sayHello("oracle"));
        }
    }

    @Test
    void aMustFailureEndsTheTimedRunWithStatusOneAndBothReports() throws Exception {
        Path json = dir.resolve("r.json");
        Path xml = dir.resolve("r.xml");
        Serving s = serve("--oracle", "--duration", "4s", "--report", json.toString(), "--junit", xml.toString());
        try {
            greet(s.port());
            // A client that sends WINDOW_UPDATE with increment 0 on the connection: FC-1, a MUST.
            try (Socket raw = new Socket("127.0.0.1", s.port())) {
                OutputStream o = raw.getOutputStream();
                o.write(Preface.CLIENT.toByteArray());
                o.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // SETTINGS, empty
                o.write(new byte[] {0, 0, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0});
                o.flush();
                raw.getInputStream().readAllBytes(); // until the server's GOAWAY and close
            }
            assertTrue(s.process().waitFor(30, TimeUnit.SECONDS), "serve did not stop after --duration");
            String text = s.text();
            assertEquals(1, s.process().exitValue(), text);
            assertTrue(text.contains("grpcspec oracle: FAIL FC-1 MUST ["), text);
            assertTrue(text.contains("grpcspec oracle: summary (oracle, robust answers): 2 connections"), text);
            assertTrue(text.contains("FAIL   FC-1"), text);
            String report = Files.readString(json);
            assertTrue(report.contains("\"exitStatus\": 1"), report);
            assertTrue(report.contains("\"frame\": \"WINDOW_UPDATE stream=0 increment=0\""), report);
            String junit = Files.readString(xml);
            assertTrue(junit.contains("failures=\"1\""), junit);
            assertTrue(junit.contains("<testcase name=\"FC-1\" classname=\"grpcspec.oracle.FC\""), junit);
        } finally {
            s.process().destroyForcibly();
        }
    }

    @Test
    void sigtermWritesTheReportAndTheVerdictDecidesTheStatus() throws Exception {
        Path json = dir.resolve("sig.json");
        Serving s = serve("--oracle", "--report", json.toString(), "--grace", "2");
        try {
            greet(s.port());
            s.process().destroy(); // SIGTERM
            assertTrue(s.process().waitFor(30, TimeUnit.SECONDS), "serve did not exit after SIGTERM");
            String text = s.text();
            assertEquals(0, s.process().exitValue(), "no MUST failure: status 0\n" + text);
            assertTrue(text.contains("grpcspec oracle: no MUST-level failure"), text);
            String report = Files.readString(json);
            assertTrue(report.contains("\"exitStatus\": 0"), report);
            assertTrue(report.contains("\"id\": \"RPC-45\",\n      \"level\": \"SHOULD\",\n      \"status\": \"passed\""), report);
        } finally {
            s.process().destroyForcibly();
        }
    }

    @Test
    void theCommandLineRefusesWhatCannotWork() {
        assertEquals(2, Main.run("serve", "--port", "0", "--scenario", "rst_after_everything"));
        assertEquals(2, Main.run("serve", "--port", "0", "--report", dir.resolve("x.json").toString()));
        assertEquals(2, Main.run("serve", "--port", "0", "--oracle", "--duration", "soon"));
    }
}
