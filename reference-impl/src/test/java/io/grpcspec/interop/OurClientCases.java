package io.grpcspec.interop;

import static org.junit.jupiter.api.Assertions.fail;

import io.grpcspec.client.Channel;
import io.grpcspec.client.DialException;
import io.grpcspec.client.DialOption;
import io.grpcspec.client.DialOptions;
import io.grpcspec.client.Grpc;
import io.grpcspec.client.InteropClient;
import io.grpcspec.transport.FrameTrace;
import java.time.Duration;
import java.util.List;

/** Runs one interop case with our client on a fresh channel; a failure shows the last frames. */
final class OurClientCases {
    private OurClientCases() {}

    /**
     * @param probeCompression run the compressed-request cases with their first, uncompressed
     *     probe (a server that ignores {@code expect_compressed}, like grpc-java's, fails it)
     */
    static void run(String testCase, String target, boolean probeCompression, DialOption... extra) throws Exception {
        FrameTrace.Recorder trace = new FrameTrace.Recorder();
        DialOption[] all = new DialOption[extra.length + 2];
        System.arraycopy(extra, 0, all, 0, extra.length);
        all[extra.length] = DialOptions.withTrace(trace);
        all[extra.length + 1] = DialOptions.withBlock(Duration.ofSeconds(15));
        try (Channel ch = Grpc.dial(target, all)) {
            new InteropClient(ch, probeCompression).run(testCase);
        } catch (InteropClient.CaseFailed | DialException e) {
            fail(testCase + ": " + e.getMessage() + "\n--- trace (last 60 lines) ---\n" + tail(trace.lines(), 60), e);
        }
    }

    static String tail(List<String> lines, int n) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
