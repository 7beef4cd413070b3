package io.grpcspec.oracle.serve;

import io.grpcspec.oracle.serve.Verdicts.Finding;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.keepalive.KeepaliveRules;
import io.grpcspec.spec.observer.ClientObserver;
import io.grpcspec.spec.observer.Judgement;
import io.grpcspec.spec.observer.ObserverEvent;
import io.grpcspec.transport.ConnectionListener;
import io.grpcspec.transport.Http2Connection;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameFormat;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The oracle's eye on one client connection. It hears every step of the connection's driver (the
 * event and its effects, in the machine's order), keeps the last frames both ways as evidence,
 * marks the rules each received frame puts to the test, and runs the {@link ClientObserver}
 * over the frames, the machine's reports and the call layer's reports; every judgement goes to
 * {@link Verdicts} with the connection, the stream, the offending frame and the frames before it.
 *
 * <p>Steps arrive on the connection's delivery thread, call reports on handler threads, ticks on
 * the oracle's timer: everything here runs under this object's monitor.
 */
final class ConnectionWatch implements ConnectionListener {

    /** Frames kept as evidence before an offending one. */
    static final int EVIDENCE_FRAMES = 12;

    private final ClientOracle oracle;
    private final String name;
    private final String host;
    private final long startedAt;

    // guarded by this
    private ClientObserver observer;
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    /** The last frame each stream received, for call-level findings (dropped when the stream closes). */
    private final Map<Integer, String> lastOnStream = new HashMap<>();
    private boolean sawFirstFrame;
    private boolean firstIntervalJudged;
    private long lastNow;

    ConnectionWatch(ClientOracle oracle, String name, String host, long patienceNanos, long startedAt) {
        this.oracle = oracle;
        this.name = name;
        this.host = host;
        this.startedAt = startedAt;
        this.observer = ClientObserver.start(patienceNanos);
        this.lastNow = startedAt;
    }

    String name() {
        return name;
    }

    /**
     * The client's SETTINGS arrived: one PING of ours, so that every client's answer to a PING is
     * judged (KA-1), as grpc-go's servers send one to estimate the bandwidth-delay product.
     */
    @Override
    public void onReady(Http2Connection c) {
        c.ping(PROBE_PING);
    }

    /** The payload of the oracle's PING: "grpcspec" in ASCII. */
    static final long PROBE_PING = 0x6772706373706563L;

    @Override
    public boolean observesSteps() {
        return true;
    }

    @Override
    public synchronized void onStep(Http2Connection c, EndpointEvent event, List<Effect> effects) {
        long now = event.nowNanos();
        lastNow = Math.max(lastNow, now);
        List<String> before = List.copyOf(recent);
        String offending = "";
        switch (event) {
            case EndpointEvent.PrefaceReceived p -> {
                offending = "client preface (" + p.greeting().length() + " octets)";
                remember("<< " + offending);
                exercise(Exercise.PREFACE);
            }
            case EndpointEvent.FrameReceived(Frame f, long t) -> {
                offending = FrameFormat.describe(f);
                remember("<< " + offending);
                if (f.streamId() != 0) lastOnStream.put(f.streamId(), offending);
                exercise(Exercise.of(f));
                if (!sawFirstFrame) exercise(Exercise.FIRST_FRAME);
                sawFirstFrame = true;
                observe(new ObserverEvent.Received(f, now), before, offending);
            }
            case EndpointEvent.FrameRejected(var error, long t) -> {
                offending = "malformed frame (type 0x" + Integer.toHexString(error.frameType()) + ", stream " + error.streamId() + "): "
                        + error.kind() + ", " + error.detail();
                remember("<< " + offending);
                sawFirstFrame = true;
            }
            case EndpointEvent.TimerFired(var timer, int key, long t) -> offending = "timer " + timer + " fired";
            case EndpointEvent.PeerClosed(String reason, long t) -> offending = "peer closed: " + reason;
            default -> { }
        }
        for (Effect e : effects) {
            switch (e) {
                case Effect.WriteFrame(Frame f) -> sent(f, now);
                case Effect.WriteBlock(int id, List<Frame> frames) -> frames.forEach(f -> sent(f, now));
                case Effect.PeerViolation(Violation v) -> observe(new ObserverEvent.MachineReport(v, false, now), before, offending);
                case Effect.PeerTolerated(Violation v) -> observe(new ObserverEvent.MachineReport(v, true, now), before, offending);
                case Effect.Headers(int id, var fields, boolean end, boolean trailers) -> {
                    if (id % 2 == 0) break;
                    if (trailers) {
                        exercise(Exercise.ofRequestTrailers());
                    } else {
                        exercise(Exercise.ofRequest(fields));
                        observe(new ObserverEvent.RequestHeaders(id, fields, now), before, lastOnStream.getOrDefault(id, offending));
                    }
                }
                case Effect.Data(int id, var data, boolean end) -> {
                    if (id % 2 == 1 && (data.length() > 0 || end)) exercise(Exercise.ofRequestData());
                }
                case Effect.StreamClosed(int id, var how) -> lastOnStream.remove(id);
                default -> { }
            }
        }
    }

    private void sent(Frame f, long now) {
        remember(">> " + FrameFormat.describe(f));
        observe(new ObserverEvent.Sent(f, now), List.of(), "");
    }

    // ------------------------------------------------------------------ the call layer's reports

    synchronized void callFault(int streamId, Rule rule, String detail) {
        String frame = lastOnStream.getOrDefault(streamId, "");
        if (Exercise.OUTCOMES.contains(rule.id())) {
            oracle.verdicts().exercised(rule);
            return;
        }
        String answer = rule.id().equals("RPC-3") ? "served" : "the call ended with this status";
        finding(new Judgement.Broken(rule, streamId, detail, answer), List.copyOf(recent), frame);
    }

    synchronized void callViolation(int streamId, Violation v) {
        finding(new Judgement.Broken(v.rule(), streamId, v.detail(), "RST_STREAM " + v.code()), List.copyOf(recent),
                lastOnStream.getOrDefault(streamId, ""));
    }

    synchronized void callShape(int streamId, boolean oneRequest) {
        observe(new ObserverEvent.CallShape(streamId, oneRequest, Math.max(lastNow, System.nanoTime())), List.copyOf(recent), "");
    }

    /** Time passes (the oracle's timer, or the end): overdue answers are judged. */
    synchronized void tick(long now) {
        lastNow = Math.max(lastNow, now);
        observe(new ObserverEvent.Tick(now), List.copyOf(recent), "");
    }

    @Override
    public void onClosed(Http2Connection c, String reason) {
        oracle.closed(this);
    }

    // ------------------------------------------------------------------ judgements

    private void observe(ObserverEvent e, List<String> before, String offending) {
        ClientObserver.Observed o = observer.on(e);
        long firstInterval = observer.firstPingInterval();
        observer = o.state();
        for (Judgement j : o.judgements()) {
            if (e instanceof ObserverEvent.MachineReport r && j instanceof Judgement.Broken b
                    && (b.rule().equals(KeepaliveRules.KA_9) || b.rule().equals(KeepaliveRules.KA_10))) {
                // too_many_pings: KA-8 asks the client's next connection to back off.
                oracle.struck(host, e.nowNanos(), observer.lastPingInterval());
            }
            finding(j, before, offending);
        }
        if (!firstIntervalJudged && firstInterval < 0 && observer.firstPingInterval() >= 0) {
            firstIntervalJudged = true;
            oracle.firstPingInterval(this, host, startedAt, observer.firstPingInterval());
        }
    }

    /** Records a judgement made outside a step (KA-8 across connections). */
    synchronized void judged(Judgement j) {
        finding(j, List.copyOf(recent), "");
    }

    private void finding(Judgement j, List<String> before, String offending) {
        switch (j) {
            case Judgement.Kept k -> oracle.verdicts().exercised(k.rule());
            case Judgement.Broken b -> oracle.verdicts().broken(new Finding(b.rule(), Verdicts.severityOf(b.rule()), name, b.streamId(),
                    b.detail(), b.answer(), offending, before, Instant.now()));
        }
    }

    private void exercise(List<String> ids) {
        for (String id : ids) oracle.exercised(id);
    }

    private void remember(String line) {
        recent.addLast(line);
        while (recent.size() > EVIDENCE_FRAMES) recent.removeFirst();
    }
}
