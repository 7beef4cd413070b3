package io.grpcspec.stress;

import static io.grpcspec.spec.keepalive.Durations.INFINITE;
import static io.grpcspec.spec.keepalive.Durations.SECOND;

import io.grpcspec.spec.connection.GoAwayState;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.keepalive.ConnectionManagerConfig;
import io.grpcspec.stress.harness.TestConnection;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Server MAX_CONNECTION_AGE (gRFC A9, KeepaliveRules KA-14) starts the two-phase GOAWAY
 * (GoAwayRules GA-1, GA-2: GOAWAY 2^31-1 and a PING, then the final GOAWAY once the PING is
 * acknowledged) while the reader steps what the client sent: the ACK of the drain PING if the
 * client had seen that PING, then HEADERS opening stream 1. The final GOAWAY's last-stream-id
 * must tell the truth about stream 1: delivered to the application and covered, or never
 * delivered and not covered (the client retries it). Both happen: "refused" when the timer ran
 * first (the ACK made the GOAWAY final before the stream came), "delivered" otherwise.
 */
@JCStressTest
@Outcome(id = "max_age drain, delivered, last=1", expect = Expect.ACCEPTABLE, desc = "the stream arrived before the final GOAWAY")
@Outcome(id = "max_age drain, refused, last=0", expect = Expect.ACCEPTABLE,
        desc = "timer, ACK, then the stream: it came after the final GOAWAY and was left for a retry")
@Outcome(expect = Expect.FORBIDDEN, desc = "a delivered stream not covered, or a covered stream never delivered")
@State
public class MaxAgeVsNewStreamStress {
    private static final long AGE = 60 * SECOND;
    private static final EndpointConfig CONFIG = EndpointConfig.server()
            .withConnectionManagement(new ConnectionManagerConfig(INFINITE, AGE, INFINITE));

    private final TestConnection t = TestConnection.server(CONFIG);

    public MaxAgeVsNewStreamStress() {
        t.mark();
        t.clock.advance(AGE + AGE / 5); // past the age limit whatever the ±10 % jitter drew
    }

    @Actor
    public void ageTimer() {
        t.timers.runDue();
    }

    @Actor
    public void reader() {
        GoAwayState g = t.conn.endpoint().goAway();
        // The client answers the drain PING only if it has been sent.
        if (g.sent() == GoAwayState.Sent.HEADS_UP) t.conn.frameReceived(new PingFrame(true, g.pingData()));
        t.conn.frameReceived(new HeadersFrame(1, ShutdownVsPeerStreamStress.REQUEST_BLOCK, true, true));
    }

    @Arbiter
    public void check(L_Result r) {
        t.finish();
        boolean drain = false;
        int last = Integer.MAX_VALUE;
        for (Frame f : t.afterMark()) {
            if (f instanceof GoAwayFrame g) {
                if (g.debugData().ascii().equals("max_age")) drain = true;
                last = Math.min(last, g.lastStreamId());
            }
        }
        r.r1 = (drain ? "max_age drain" : "no drain") + (t.app.contains("headers:1") ? ", delivered" : ", refused") + ", last=" + last;
    }
}
