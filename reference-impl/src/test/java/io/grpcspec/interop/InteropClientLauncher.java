package io.grpcspec.interop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs several grpc-java interop cases in ONE client JVM, each through grpc-java's own
 * {@code TestServiceClient.main}. A JVM start with grpc-java's class path costs ~2.5 s on two
 * cores, so one JVM per case would take about a minute for {@link InteropCases#ALL}; here the
 * JVM starts once.
 *
 * <p>Isolation between cases stays as it is with one process per case: every
 * {@code TestServiceClient.main} call builds its own channel (so its own TCP connection) and
 * shuts it down before returning. In grpc-java 1.76 {@code main} only calls
 * {@code System.exit} on a flag it does not understand, which the harness never passes.
 *
 * <p>Arguments: {@code --cases=a,b,c} and {@code --case_timeout_ms=N} are ours; every other
 * argument goes to TestServiceClient unchanged, followed by {@code --test_case=<case>}. Each case
 * is framed by marker lines ({@link #BEGIN}, {@link #END}) that {@link InteropPeer} parses. Exit
 * code 0 only when every case passed.
 */
public final class InteropClientLauncher {
    static final String BEGIN = "@@interop-case-begin ";
    static final String END = "@@interop-case-end ";

    /** The outcome words written after {@link #END} and the case name. */
    enum Outcome { PASS, FAIL, TIMEOUT }

    private InteropClientLauncher() {}

    public static void main(String[] args) throws Exception {
        List<String> cases = new ArrayList<>();
        long caseTimeoutMs = 60_000;
        List<String> clientArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--cases=")) {
                cases.addAll(Arrays.asList(arg.substring("--cases=".length()).split(",")));
            } else if (arg.startsWith("--case_timeout_ms=")) {
                caseTimeoutMs = Long.parseLong(arg.substring("--case_timeout_ms=".length()));
            } else {
                clientArgs.add(arg);
            }
        }
        boolean allPassed = !cases.isEmpty();
        for (String testCase : cases) {
            allPassed &= runOne(testCase, clientArgs, caseTimeoutMs) == Outcome.PASS;
        }
        System.out.flush();
        System.err.flush();
        // exit explicitly: a case that timed out leaves its (daemon) thread and channel behind
        System.exit(allPassed ? 0 : 1);
    }

    private static Outcome runOne(String testCase, List<String> clientArgs, long timeoutMs) throws InterruptedException {
        List<String> argv = new ArrayList<>(clientArgs);
        argv.add("--test_case=" + testCase);
        Throwable[] failure = new Throwable[1];
        Thread worker = new Thread(() -> {
            try {
                io.grpc.testing.integration.TestServiceClient.main(argv.toArray(String[]::new));
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "interop-" + testCase);
        worker.setDaemon(true);

        System.out.println(BEGIN + testCase);
        long start = System.nanoTime();
        worker.start();
        worker.join(timeoutMs);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        Outcome outcome;
        if (worker.isAlive()) {
            outcome = Outcome.TIMEOUT;
            System.out.println("case " + testCase + " did not finish within " + timeoutMs + " ms; its stack:");
            for (StackTraceElement e : worker.getStackTrace()) System.out.println("\tat " + e);
        } else if (failure[0] != null) {
            outcome = Outcome.FAIL;
            failure[0].printStackTrace(System.out);
        } else {
            outcome = Outcome.PASS;
        }
        System.err.flush();
        System.out.println(END + testCase + " " + outcome + " " + ms);
        System.out.flush();
        return outcome;
    }
}
