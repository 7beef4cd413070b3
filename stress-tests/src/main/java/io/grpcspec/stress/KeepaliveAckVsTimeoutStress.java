package io.grpcspec.stress;

import static io.grpcspec.spec.keepalive.Durations.SECOND;

import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.keepalive.KeepalivePinger;
import io.grpcspec.spec.keepalive.PingerConfig;
import io.grpcspec.stress.harness.TestConnection;
import io.grpcspec.wire.PingFrame;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Client keepalive (gRFC A8, KeepaliveRules KA-4, KA-5): the keepalive PING is out and its
 * KEEPALIVE_TIMEOUT fires just as the ACK arrives. Exactly one of the two may win: "acked"
 * (the timeout is cancelled, or its late firing dropped, and KEEPALIVE_PING is re-armed) or
 * "timed out" (the connection is declared broken and closed; the late ACK is ignored). Both
 * would mean a connection reported dead while it was alive and re-armed; neither, a timeout
 * lost. The scheduler's task may already be running when the ACK cancels it — the driver
 * drops such a stale firing — which is the real race of a timer thread and a reader.
 */
@JCStressTest
@Outcome(id = "acked", expect = Expect.ACCEPTABLE, desc = "the ACK came first; the timeout did nothing")
@Outcome(id = "timed out", expect = Expect.ACCEPTABLE, desc = "the timeout came first; the ACK found the connection closed")
@Outcome(id = "acked and timed out", expect = Expect.FORBIDDEN, desc = "both the ACK and the timeout took effect")
@Outcome(expect = Expect.FORBIDDEN, desc = "neither took effect")
@State
public class KeepaliveAckVsTimeoutStress {
    private static final long TIME = 10 * SECOND, TIMEOUT = 3 * SECOND;
    private static final EndpointConfig CONFIG = EndpointConfig.client().withPinger(new PingerConfig(TIME, TIMEOUT, true));

    private final TestConnection t = TestConnection.client(CONFIG);

    public KeepaliveAckVsTimeoutStress() {
        t.clock.advance(TIME);
        if (t.timers.runDue() != 1) throw new IllegalStateException("no keepalive PING sent");
        t.clock.advance(TIMEOUT); // its KEEPALIVE_TIMEOUT is due now
    }

    @Actor
    public void timer() {
        t.timers.runDue();
    }

    @Actor
    public void reader() {
        t.conn.frameReceived(new PingFrame(true, KeepalivePinger.payload(0)));
    }

    @Arbiter
    public void check(L_Result r) {
        // KEEPALIVE_PING is booked with delay TIME at the handshake, and again only after an ACK.
        boolean acked = t.timers.bookedWithDelay(TIME) == 2;
        boolean timedOut = t.app.contains("broken");
        r.r1 = acked && timedOut ? "acked and timed out" : acked ? "acked" : timedOut ? "timed out" : "neither";
    }
}
