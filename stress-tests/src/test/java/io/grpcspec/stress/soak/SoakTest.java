package io.grpcspec.stress.soak;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.testing.integration.StressClientRun;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The soak: our server under every client we have, over real sockets, for a bounded time
 * ({@code -Dgrpcspec.soak.seconds}, 20 in {@code mvn verify}; see README for the long run).
 * <ul>
 *   <li>our client: 3 channels × 8 workers, every call kind, random cancels and deadlines,
 *       keepalive pinging every second ({@link OurClientLoad});</li>
 *   <li>grpc-java's client: 2 channels × 6 workers, the same mix ({@link GrpcJavaLoad});</li>
 *   <li>our transport driven by hand: SETTINGS changes and PINGs between calls ({@link SettingsChurn});</li>
 *   <li>grpc-java's stress client, 2 channels × 2 stubs, seven interop cases, during the first
 *       half ({@link StressClientRun}: it has no wait-for-ready, so it stays clear of the
 *       restart); {@code -Dgrpcspec.soak.stressClient=false} leaves it out. That client sends
 *       DATA after its own RST_STREAM (a cancel racing a queued write); our server drops such a
 *       frame and keeps the connection (the robust answer to STR-3, spec/oracle.md), where the
 *       connection error RFC 9113 §5.1 allows would fail every call on the connection;</li>
 *   <li>the server retires connections at its maximum age and pings idle ones; halfway it is
 *       stopped gracefully and started again on the same port, and the clients carry on.</li>
 * </ul>
 * Every call must end with the status it deserves and every message must arrive once, in
 * order; neither side may see a rule broken; afterwards no thread or socket of ours is left.
 * It prints {@code soak: seconds=S calls=N messages=M lost=0 duplicated=0 violations=0
 * leaked_threads=0} (calls and messages as the server counted them, every client included).
 */
class SoakTest {

    @Test
    void everyCallEndsRightAndNothingIsLeftBehind() throws Exception {
        int seconds = Integer.getInteger("grpcspec.soak.seconds", 20);
        boolean withStressClient = !"false".equals(System.getProperty("grpcspec.soak.stressClient"));
        assertTrue(seconds >= 10, "a soak shorter than 10 s has no room for its phases");
        LeakCheck leaks = new LeakCheck();
        Ledger ledger = new Ledger();
        WireWatch clientWatch = new WireWatch("client");
        SoakServer server = new SoakServer(Duration.ofSeconds(Math.max(3, seconds / 3))).start();
        long start = System.nanoTime();
        AtomicLong end = new AtomicLong(start + TimeUnit.SECONDS.toNanos(seconds));
        BooleanSupplier running = () -> System.nanoTime() < end.get();
        long half = start + TimeUnit.SECONDS.toNanos(seconds) / 2;

        OurClientLoad ours = new OurClientLoad(ledger);
        GrpcJavaLoad grpcJava = new GrpcJavaLoad(ledger);
        SettingsChurn churn = new SettingsChurn(ledger, clientWatch);
        CompletableFuture<Long> stressClient = new CompletableFuture<>();
        Thread stressThread = new Thread(() -> {
            try {
                stressClient.complete(StressClientRun.run("127.0.0.1", server.port(), Math.max(2, seconds / 2 - 3), 2, 2));
            } catch (Throwable t) {
                stressClient.completeExceptionally(t);
            }
        }, "soak-grpc-java-stress-client");
        long restartMillis;
        long stressCases;
        boolean stopClean;
        try {
            ours.start(server.port(), 3, 8, clientWatch, running);
            grpcJava.start(server.port(), 2, 6, running);
            churn.start(server.port(), running);
            if (withStressClient) {
                stressThread.start();
                stressCases = awaitStressClient(stressClient, seconds);
            } else {
                stressCases = -1;
            }
            sleepUntil(half);
            restartMillis = server.restart(Duration.ofSeconds(20));

            ours.awaitWorkers();
            grpcJava.awaitWorkers();
            churn.await();
        } finally {
            end.set(System.nanoTime()); // on a failure, the workers stop at their next call
            ours.awaitWorkers();
            grpcJava.awaitWorkers();
            churn.await();
            ours.close();
            grpcJava.close();
            churn.close();
            if (withStressClient) stressThread.join(TimeUnit.SECONDS.toMillis(seconds + 60L));
            stopClean = server.stop(Duration.ofSeconds(10));
        }
        LeakCheck.Leaks left = leaks.await(Duration.ofSeconds(15));
        long violations = server.watch.violations() + clientWatch.violations();
        long streamsLeft = server.watch.streamsLeft() + clientWatch.streamsLeft();

        System.out.println("soak: seconds=" + seconds + " calls=" + server.calls.get() + " messages=" + server.messages.get()
                + " lost=" + ledger.lost.get() + " duplicated=" + ledger.duplicated.get() + " violations=" + violations
                + " leaked_threads=" + left.threads().size());
        System.out.println("soak: clients made " + ledger.calls.get() + " calls with " + ledger.messages.get()
                + " messages; " + (withStressClient ? "grpc-java's stress client ran " + stressCases + " test cases"
                        : "grpc-java's stress client not run (-Dgrpcspec.soak.stressClient=false)") + "; the server accepted "
                + server.connections.get() + " connections (" + server.watch.connectionsClosed() + " closed, "
                + streamsLeft + " streams left open); its graceful restart took " + restartMillis + " ms");

        assertAll(
                () -> assertEquals(0, ledger.wrongStatus.get(), () -> "calls ended with a wrong status: " + ledger.problems()),
                () -> assertEquals(0, ledger.lost.get(), () -> "messages lost: " + ledger.problems()),
                () -> assertEquals(0, ledger.duplicated.get(), () -> "messages duplicated or out of place: " + ledger.problems()),
                () -> assertEquals(0, violations, () -> "violations: " + server.watch.kept() + " " + clientWatch.kept()),
                () -> assertEquals(0, streamsLeft, () -> "streams left open: " + server.watch.kept() + " " + clientWatch.kept()),
                () -> assertTrue(server.watch.connectionsClosed() > 2, "the soak never retired a connection"),
                () -> assertTrue(left.threads().isEmpty(), () -> "threads left: " + left.threads()),
                () -> assertEquals(0, left.sockets(), () -> "sockets left open: " + LeakCheck.describeSockets()),
                () -> assertTrue(restartMillis >= 0, "the graceful restart left calls unfinished after its grace"),
                () -> assertTrue(stopClean, "the final graceful stop left calls unfinished"),
                () -> assertTrue(ledger.calls.get() >= 100 && (!withStressClient || stressCases > 0),
                        () -> "too little load to mean anything: " + ledger.calls.get() + " calls, " + stressCases + " stress cases"));
    }

    /** Waits for grpc-java's stress client, which must finish (cleanly) before the restart. */
    private static long awaitStressClient(CompletableFuture<Long> stressClient, int seconds) throws Exception {
        try {
            return stressClient.get(seconds + 60L, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("grpc-java's stress client failed against our server: " + e.getCause(), e.getCause());
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) TimeUnit.NANOSECONDS.sleep(left);
    }
}
