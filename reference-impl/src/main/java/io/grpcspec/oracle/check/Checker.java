package io.grpcspec.oracle.check;

import io.grpcspec.oracle.report.FrameLog;
import io.grpcspec.oracle.report.JUnitXml.Outcome;
import io.grpcspec.oracle.report.Verdict;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.connection.Settings;
import io.grpcspec.wire.Bytes;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the scenario catalogue against one server. First a well-behaved probe learns the server's
 * SETTINGS and whether it serves the interop TestService; then every selected scenario runs on a
 * connection of its own, under its own deadline, on a thread of its own: a server that hangs or
 * never closes costs one scenario its deadline (its socket is closed under it), and one
 * scenario's failure never spoils the next.
 */
public final class Checker {
    /** The user-agent our requests carry. */
    public static final String USER_AGENT = "grpcspec-check";
    /** The method the probe calls: {@code grpc.testing.TestService/EmptyCall}. */
    static final String EMPTY_CALL = "/grpc.testing.TestService/EmptyCall";
    /** Extra time a scenario's thread gets after its deadline before its socket is closed under it. */
    static final long GRACE_MILLIS = 500;

    private final CheckOptions options;
    private final Connector connector;

    /** The outcome of a run: what the probe found, and one verdict per selected scenario, in catalogue order. */
    public record Result(ServerFacts facts, List<Verdict> verdicts) {
        public Verdict.Tally tally() {
            return Verdict.Tally.of(verdicts);
        }
    }

    public Checker(CheckOptions options) throws IOException {
        this.options = options;
        this.connector = new Connector(options);
    }

    /** Probes the server, then runs {@code scenarios} (those {@code options.only()} selects). */
    public Result run(List<Scenario> scenarios) throws IOException, InterruptedException {
        return run(scenarios, probe());
    }

    /**
     * Runs {@code scenarios} with {@code facts} known beforehand instead of probed (tests that
     * break a server on purpose, so that its probe would mislead, give the facts of its healthy twin).
     */
    Result run(List<Scenario> scenarios, ServerFacts facts) throws InterruptedException {
        List<Scenario> chosen = scenarios.stream().filter(s -> s.selectedBy(options.only())).toList();
        List<Verdict> verdicts = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), r -> Thread.ofPlatform().daemon().name("grpcspec-check").unstarted(r));
        try {
            List<Future<Verdict>> futures = new ArrayList<>();
            for (Scenario s : chosen) futures.add(pool.submit(() -> runOne(s, facts)));
            for (Future<Verdict> f : futures) verdicts.add(f.get());
        } catch (ExecutionException e) {
            throw new IllegalStateException("a scenario runner failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(facts, verdicts);
    }

    /**
     * A well-behaved conversation: the handshake (the server's SETTINGS), then an EmptyCall of
     * the interop TestService. Throws only when the server cannot be reached at all; a server that
     * fails the handshake or the call is still checked (with RFC default settings assumed and the
     * TestService scenarios skipped), so each scenario reports what it breaks.
     */
    ServerFacts probe() throws IOException {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        Socket socket;
        try {
            socket = connector.connect(millis(options.timeout().toNanos()));
        } catch (IOException e) {
            throw new IOException("cannot connect to " + options.target() + ": " + describe(e), e);
        }
        try (Conversation c = new Conversation(socket, options, ServerFacts.UNKNOWN, new FrameLog(), deadline)) {
            try {
                c.handshake();
            } catch (CheckFailure f) {
                return new ServerFacts(Settings.DEFAULT, false, "the probe's handshake failed: " + f.observed);
            } catch (IOException e) {
                return new ServerFacts(Settings.DEFAULT, false, "the probe's handshake failed: " + describe(e));
            }
            try {
                int id = c.open(c.request(EMPTY_CALL), false);
                c.sendMessage(id, Bytes.EMPTY, true);
                Response r = c.collect(null, id, true);
                return new ServerFacts(c.serverSettings(), "0".equals(r.grpcStatus()), r.describe());
            } catch (CheckFailure | IllegalStateException | IOException f) {
                return new ServerFacts(c.serverSettings(), false, "the probe's call failed: " + f.getMessage());
            }
        }
    }

    /** One scenario, on its own connection and thread, with its own deadline. Never throws. */
    Verdict runOne(Scenario s, ServerFacts facts) throws InterruptedException {
        String unmet = s.unmet(facts, options.policy());
        if (unmet != null) return verdict(s, Outcome.SKIPPED, s.rule(), "", unmet, List.of(), 0);
        FrameLog log = new FrameLog();
        long start = System.nanoTime();
        long deadline = start + options.timeout().toNanos();
        AtomicReference<Socket> socket = new AtomicReference<>();
        AtomicReference<Verdict> result = new AtomicReference<>();
        Thread t = Thread.ofVirtual().name("grpcspec-check-" + s.id()).start(() -> result.set(script(s, facts, log, deadline, socket)));
        if (!t.join(java.time.Duration.ofNanos(options.timeout().toNanos()).plusMillis(GRACE_MILLIS))) {
            // A write the server never reads, or a read past the deadline: end it by closing the socket.
            log.note("deadline passed: closing the connection");
            Socket open = socket.get();
            if (open != null) {
                try {
                    open.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            t.join(java.time.Duration.ofSeconds(2));
            if (result.get() == null) {
                return verdict(s, Outcome.FAILED, s.rule(), "an answer within " + millis(options.timeout().toNanos()) + " ms",
                        "the server neither answered nor closed the connection in time", log.lines(), seconds(start));
            }
        }
        Verdict v = result.get();
        return verdict(s, v.outcome(), RulesOrMain.of(v.rule(), s), v.expected(), v.observed(), log.lines(), seconds(start));
    }

    /** Runs the script; the verdict's frames and time are filled in by the caller. */
    private Verdict script(Scenario s, ServerFacts facts, FrameLog log, long deadline, AtomicReference<Socket> holder) {
        try {
            Socket socket;
            try {
                socket = connector.connect(millis(deadline - System.nanoTime()));
            } catch (IOException e) {
                return verdict(s, Outcome.FAILED, s.rule(), "a connection", "cannot connect: " + describe(e), List.of(), 0);
            }
            holder.set(socket);
            try (Conversation c = new Conversation(socket, options, facts, log, deadline)) {
                s.script().run(c);
                return verdict(s, Outcome.PASSED, s.rule(), "", "", List.of(), 0);
            }
        } catch (CheckFailure f) {
            return verdict(s, Outcome.FAILED, f.rule == null ? s.rule() : f.rule, f.expected, f.observed, List.of(), 0);
        } catch (ScenarioSkipped k) {
            return verdict(s, Outcome.SKIPPED, s.rule(), "", k.getMessage(), List.of(), 0);
        } catch (IOException e) {
            return verdict(s, Outcome.FAILED, s.rule(), "the conversation to go on", "the connection broke: " + describe(e), List.of(), 0);
        } catch (RuntimeException e) {
            return verdict(s, Outcome.FAILED, s.rule(), "the conversation to go on", "the scenario could not go on: " + e.getMessage(),
                    List.of(), 0);
        }
    }

    private static Verdict verdict(Scenario s, Outcome o, Rule rule, String expected, String observed, List<String> frames, double seconds) {
        return new Verdict(s.id(), s.area(), s.title(), s.rules().stream().map(Rule::id).toList(), o, rule.id(), expected, observed,
                frames, seconds);
    }

    /** The failing rule of a verdict built inside the scenario's thread, as a {@link Rule}. */
    private static final class RulesOrMain {
        static Rule of(String id, Scenario s) {
            for (Rule r : s.rules()) if (r.id().equals(id)) return r;
            return Rules.of(id);
        }
    }

    private static int millis(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos)));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }
}
