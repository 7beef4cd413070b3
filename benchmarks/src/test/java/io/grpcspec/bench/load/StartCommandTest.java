package io.grpcspec.bench.load;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartCommandTest {

    @Test
    void timesAServerFromLaunchToItsFirstAnswerAndLeavesItRunning(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.grpcspec.bench.peer.GrpcJavaServer", "--port", "{PORT}", "--executor", "direct");
        StartCommand.Started s = StartCommand.launch(cmd, dir.resolve("server.log").toFile(), 120);
        try {
            assertTrue(s.millis() > 0, "start time " + s.millis());
            assertTrue(s.process().isAlive(), "the server keeps running after its first answer");
            try (RawConnection c = RawConnection.open("127.0.0.1", s.port(), 10_000)) {
                Greeting.call(c);
            }
        } finally {
            s.process().destroy();
            s.process().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aServerThatExitsFirstIsReportedWithItsOutput(@TempDir Path dir) {
        File log = dir.resolve("server.log").toFile();
        IOException e = assertThrows(IOException.class,
                () -> StartCommand.launch(List.of("sh", "-c", "echo no such thing on port {PORT}; exit 3"), log, 30));
        assertTrue(e.getMessage().contains("status 3") && e.getMessage().contains("no such thing on port"), e.getMessage());
    }
}
