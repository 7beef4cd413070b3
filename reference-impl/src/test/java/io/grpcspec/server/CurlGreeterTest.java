package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.transport.FrameTrace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl (nghttp2 inside) as an independent HTTP/2 client: one Greeter call with prior knowledge. */
class CurlGreeterTest {
    @TempDir
    Path dir;

    @Test
    void curlUnaryCall() throws Exception {
        assumeTrue(curlSpeaksH2(), "curl with --http2-prior-knowledge not found: skipping (apt-get install curl)");
        FrameTrace.Recorder trace = new FrameTrace.Recorder();
        Server server = ServerBuilder.forPort(0).addService(GreeterService.definition()).trace(n -> trace).build().start();
        try {
            byte[] msg = HelloRequest.newBuilder().setName("curl").build().toByteArray();
            byte[] framed = new byte[5 + msg.length];
            framed[4] = (byte) msg.length;
            System.arraycopy(msg, 0, framed, 5, msg.length);
            Path body = Files.write(dir.resolve("req.bin"), framed);
            Path out = dir.resolve("resp.bin");
            Path headers = dir.resolve("headers.txt");
            Process p = new ProcessBuilder("curl", "-sS", "--http2-prior-knowledge", "--max-time", "10",
                    "-H", "content-type: application/grpc", "-H", "te: trailers",
                    "--data-binary", "@" + body, "-o", out.toString(), "-D", headers.toString(),
                    "http://127.0.0.1:" + server.port() + "/helloworld.Greeter/SayHello")
                    .redirectErrorStream(true).start();
            String curlOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "curl hung");
            String why = "curl exit " + p.exitValue() + ": " + curlOut + "\n" + trace;
            assertEquals(0, p.exitValue(), why);
            String h = Files.readString(headers, StandardCharsets.ISO_8859_1);
            assertTrue(h.startsWith("HTTP/2 200"), h + "\n" + why);
            // curl appends the trailers to the header dump.
            assertTrue(h.contains("grpc-status: 0"), h + "\n" + why);
            byte[] resp = Files.readAllBytes(out);
            assertEquals("Hello curl", HelloReply.parseFrom(Arrays.copyOfRange(resp, 5, resp.length)).getMessage(), why);
        } finally {
            server.shutdown(2, TimeUnit.SECONDS);
        }
    }

    private static boolean curlSpeaksH2() {
        try {
            Process p = new ProcessBuilder(List.of("curl", "--version")).redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && v.contains("HTTP2");
        } catch (Exception e) {
            return false;
        }
    }
}
