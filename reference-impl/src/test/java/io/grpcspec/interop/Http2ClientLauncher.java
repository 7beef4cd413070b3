package io.grpcspec.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs grpc-java's clients of the negative HTTP/2 interop scenarios in ONE JVM, each against its
 * own server: {@code io.grpc.testing.integration.Http2Client} for the six cases it implements,
 * {@code TestServiceClient --test_case=large_unary} for {@code data_frame_padding} and
 * {@code no_df_padding_sanity_test} (as gRPC's interop runner does). Arguments:
 * {@code --run=LABEL,CLIENT,PORT,TEST_CASE} (CLIENT is {@code http2} or {@code interop}), repeated,
 * and {@code --case_timeout_ms=N}. Each run is framed by the marker lines of
 * {@link InteropClientLauncher}, so {@link InteropPeer#parseCases} reads the outcomes.
 */
public final class Http2ClientLauncher {
    private Http2ClientLauncher() {}

    public static void main(String[] args) throws Exception {
        List<String[]> runs = new ArrayList<>();
        long timeoutMs = 120_000;
        for (String a : args) {
            if (a.startsWith("--run=")) runs.add(a.substring("--run=".length()).split(","));
            else if (a.startsWith("--case_timeout_ms=")) timeoutMs = Long.parseLong(a.substring("--case_timeout_ms=".length()));
            else throw new IllegalArgumentException("unknown argument " + a);
        }
        boolean allPassed = !runs.isEmpty();
        for (String[] r : runs) allPassed &= runOne(r[0], r[1], Integer.parseInt(r[2]), r[3], timeoutMs);
        System.out.flush();
        System.err.flush();
        System.exit(allPassed ? 0 : 1);
    }

    private static boolean runOne(String label, String client, int port, String testCase, long timeoutMs) throws InterruptedException {
        List<String> argv = new ArrayList<>(List.of("--server_host=127.0.0.1", "--server_port=" + port, "--test_case=" + testCase));
        if (client.equals("interop")) argv.add("--use_tls=false");
        Throwable[] failure = new Throwable[1];
        Thread worker = new Thread(() -> {
            try {
                if (client.equals("http2")) io.grpc.testing.integration.Http2Client.main(argv.toArray(String[]::new));
                else io.grpc.testing.integration.TestServiceClient.main(argv.toArray(String[]::new));
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "negative-" + label);
        worker.setDaemon(true);
        System.out.println(InteropClientLauncher.BEGIN + label);
        long start = System.nanoTime();
        worker.start();
        worker.join(timeoutMs);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String outcome;
        if (worker.isAlive()) {
            outcome = "TIMEOUT";
            System.out.println("case " + label + " did not finish within " + timeoutMs + " ms; its stack:");
            for (StackTraceElement e : worker.getStackTrace()) System.out.println("\tat " + e);
        } else if (failure[0] != null) {
            outcome = "FAIL";
            failure[0].printStackTrace(System.out);
        } else {
            outcome = "PASS"; // both clients log InteropPeer.CLIENT_SUCCESS_LINE themselves
        }
        System.err.flush();
        System.out.println(InteropClientLauncher.END + label + " " + outcome + " " + ms);
        System.out.flush();
        return outcome.equals("PASS");
    }
}
