package io.grpcspec.oracle.serve;

import io.grpcspec.oracle.RuleCatalogue;
import io.grpcspec.server.ServerObserver;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.keepalive.KeepaliveRules;
import io.grpcspec.spec.observer.ClientObserver;
import io.grpcspec.spec.observer.PingBackoff;
import io.grpcspec.transport.ConnectionListener;
import io.grpcspec.transport.Http2Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server oracle ({@code serve --oracle}): a {@link ServerObserver} that judges every client
 * of the server it watches, rule by rule, without changing how the server answers (it only adds
 * one PING per connection, so every client's PING answer is judged). One
 * {@link ConnectionWatch} per connection feeds the machine's own verdicts and what only an
 * observer sees ({@link ClientObserver}) into {@link Verdicts}; a timer thread ticks every
 * connection so answers that never come are judged too; {@link PingBackoff} follows client hosts
 * across connections (KA-8).
 *
 * <p>The rules judged are those {@link Exercise} can mark as applied, the observer's own, and
 * KA-8; each becomes a testcase of the report.
 */
public final class ClientOracle implements ServerObserver, AutoCloseable {

    /** How often every live connection is ticked (overdue answers are judged at most this late). */
    static final long TICK_MILLIS = 100;

    private final Verdicts verdicts;
    private final long patienceNanos;
    private final Map<String, ConnectionWatch> live = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    /** Guarded by itself. */
    private PingBackoff backoff = PingBackoff.EMPTY;

    /**
     * @param verdicts      where verdicts go
     * @param patienceNanos how long the client may take to answer our SETTINGS and PINGs, and to
     *                      end a one-message request ({@link ClientObserver#DEFAULT_PATIENCE_NANOS})
     */
    public ClientOracle(Verdicts verdicts, long patienceNanos) {
        this.verdicts = verdicts;
        this.patienceNanos = patienceNanos;
        verdicts.judge(judgedRules());
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "grpcspec-oracle-ticks");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tickAll, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Every rule the server oracle judges, in catalogue order. */
    public static List<Rule> judgedRules() {
        List<Rule> rules = new ArrayList<>(Exercise.ALL);
        for (Rule r : ClientObserver.JUDGED) if (!rules.contains(r)) rules.add(r);
        if (!rules.contains(KeepaliveRules.KA_8)) rules.add(KeepaliveRules.KA_8);
        List<Rule> catalogue = RuleCatalogue.all();
        rules.sort(java.util.Comparator.comparingInt(catalogue::indexOf));
        return List.copyOf(rules);
    }

    public Verdicts verdicts() {
        return verdicts;
    }

    // ------------------------------------------------------------------ ServerObserver

    @Override
    public ConnectionListener connection(String name, String peerHost) {
        ConnectionWatch w = new ConnectionWatch(this, name, peerHost, patienceNanos, System.nanoTime());
        live.put(name, w);
        verdicts.connectionSeen();
        return w;
    }

    @Override
    public void callFault(Http2Connection connection, int streamId, Rule rule, String detail) {
        ConnectionWatch w = live.get(connection.name());
        if (w != null) w.callFault(streamId, rule, detail);
    }

    @Override
    public void callViolation(Http2Connection connection, int streamId, Violation violation) {
        ConnectionWatch w = live.get(connection.name());
        if (w != null) w.callViolation(streamId, violation);
    }

    @Override
    public void callShape(Http2Connection connection, int streamId, boolean oneRequest) {
        ConnectionWatch w = live.get(connection.name());
        if (w != null) w.callShape(streamId, oneRequest);
    }

    // ------------------------------------------------------------------ from the watches

    void exercised(String ruleId) {
        verdicts.exercised(RuleCatalogue.byId(ruleId));
    }

    void closed(ConnectionWatch w) {
        w.tick(System.nanoTime());
        live.remove(w.name(), w);
    }

    /** KA-8: a connection of {@code host} got GOAWAY too_many_pings. */
    void struck(String host, long now, long intervalNanos) {
        synchronized (this) {
            backoff = backoff.struck(host, now, intervalNanos);
        }
    }

    /** KA-8: a connection of {@code host} measured its first ping interval. */
    void firstPingInterval(ConnectionWatch w, String host, long startedAt, long intervalNanos) {
        PingBackoff.Judged j;
        synchronized (this) {
            j = backoff.firstInterval(host, startedAt, intervalNanos);
            backoff = j.state();
        }
        j.judgement().ifPresent(w::judged);
    }

    private void tickAll() {
        long now = System.nanoTime();
        for (ConnectionWatch w : live.values()) {
            try {
                w.tick(now);
            } catch (RuntimeException e) {
                // a failing watch must not stop the others' ticks
            }
        }
    }

    /** Stops the timer after a last tick of every connection still open. */
    @Override
    public void close() {
        ticker.shutdownNow();
        tickAll();
    }
}
