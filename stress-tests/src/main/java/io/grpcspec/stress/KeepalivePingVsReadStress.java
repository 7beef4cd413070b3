package io.grpcspec.stress;

import static io.grpcspec.spec.keepalive.Durations.SECOND;

import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.keepalive.KeepalivePinger;
import io.grpcspec.spec.keepalive.PingerConfig;
import io.grpcspec.stress.harness.TestConnection;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.PingFrame;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Client keepalive (gRFC A8, KeepaliveRules KA-3): the KEEPALIVE_PING timer fires just as the
 * reader steps a frame from the server (a PING, which we answer). Time stands still at the
 * moment the ping is due, so the only question is order: if the read was stepped first there
 * was activity within the interval and no keepalive PING may go out (the timer re-arms); if the
 * timer was first, the PING goes out before our answer to the server's PING. A keepalive PING
 * written after that answer is the forbidden case: pinging a peer that was just heard from.
 */
@JCStressTest
@Outcome(id = "keepalive PING, ACK", expect = Expect.ACCEPTABLE, desc = "the timer fired first: no read within the interval, so a PING")
@Outcome(id = "ACK", expect = Expect.ACCEPTABLE, desc = "the read came first: the timer re-armed instead of pinging")
@Outcome(id = "ACK, keepalive PING", expect = Expect.FORBIDDEN, desc = "a keepalive PING right after a read")
@Outcome(expect = Expect.FORBIDDEN, desc = "the server's PING unanswered, or several keepalive PINGs")
@State
public class KeepalivePingVsReadStress {
    static final long TIME = 10 * SECOND;
    private static final long SERVER_PING = 0x5E;
    private static final EndpointConfig CONFIG = EndpointConfig.client().withPinger(new PingerConfig(TIME, 20 * SECOND, true));

    private final TestConnection t = TestConnection.client(CONFIG);

    public KeepalivePingVsReadStress() {
        t.mark();
        t.clock.advance(TIME); // the first KEEPALIVE_PING, armed at the handshake, is due now
    }

    @Actor
    public void timer() {
        t.timers.runDue();
    }

    @Actor
    public void reader() {
        t.conn.frameReceived(new PingFrame(false, SERVER_PING));
    }

    @Arbiter
    public void check(L_Result r) {
        t.finish();
        List<String> seen = new ArrayList<>();
        for (Frame f : t.afterMark()) {
            if (f instanceof PingFrame p && !p.ack() && (p.opaqueData() & 0xffff_ffff_0000_0000L) == KeepalivePinger.PAYLOAD_TAG) {
                seen.add("keepalive PING");
            }
            if (f instanceof PingFrame p && p.ack() && p.opaqueData() == SERVER_PING) seen.add("ACK");
        }
        r.r1 = String.join(", ", seen);
    }
}
