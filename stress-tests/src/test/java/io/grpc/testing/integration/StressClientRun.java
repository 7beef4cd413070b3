package io.grpc.testing.integration;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs grpc-java's own stress client ({@link StressTestClient}, grpc-interop-testing 1.76, the
 * test peer) in this JVM, against one server, and reports how it ended. Its {@code main} logs a
 * failed worker and exits normally, so the soak drives the steps main would run (they are
 * package-private, hence this class's package) and sees the failure as an exception.
 *
 * <p>The cases are the ones that pass against grpc-java's own server in 1.76: its
 * {@code large_unary} and {@code cancel_after_first_response} fail a client-side stats-trace
 * assertion whatever the server.
 */
public final class StressClientRun {
    public static final String CASES = "empty_unary:1,client_streaming:1,server_streaming:1,ping_pong:1,"
            + "empty_stream:1,cancel_after_begin:1,timeout_on_sleeping_server:1";

    private StressClientRun() {}

    /**
     * Runs the stress client for {@code seconds} over {@code channels} connections with
     * {@code stubs} workers each, and returns the number of test cases it ran.
     *
     * @throws Exception the first failure of a worker (a wrong status, an assertion of a case)
     */
    public static long run(String host, int port, int seconds, int channels, int stubs) throws Exception {
        StressTestClient client = new StressTestClient();
        client.parseArgs(new String[] {
                "--server_addresses=" + host + ":" + port,
                "--test_cases=" + CASES,
                "--test_duration_secs=" + seconds,
                "--num_channels_per_server=" + channels,
                "--num_stubs_per_channel=" + stubs,
                "--metrics_port=0"});
        try {
            client.startMetricsService();
            client.runStressTest();
            client.blockUntilStressTestComplete();
            return callCount(client);
        } finally {
            client.shutdown();
        }
    }

    /** The client's own count of the test cases it ran (a private field; -1 if it is not there). */
    private static long callCount(StressTestClient client) {
        try {
            var f = StressTestClient.class.getDeclaredField("totalCallCount");
            f.setAccessible(true);
            return ((AtomicLong) f.get(client)).get();
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }
}
