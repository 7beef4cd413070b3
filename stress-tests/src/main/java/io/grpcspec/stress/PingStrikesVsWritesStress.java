package io.grpcspec.stress;

import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.stress.harness.TestConnection;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
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
 * Server ping policing (gRFC A8 "server enforcement", KeepaliveRules KA-9, KA-11, KA-12): the
 * client has two strikes and its next too-early PING is the third, while the application sends
 * response HEADERS, and sending HEADERS or DATA clears the strikes. If the HEADERS were stepped
 * first, the PING is harmless and answered; if the PING was first, the connection ends with
 * GOAWAY ENHANCE_YOUR_CALM and the HEADERS are refused. HEADERS on the wire before that GOAWAY
 * means strikes were counted across a write that should have cleared them; anything after the
 * GOAWAY means a write after close.
 */
@JCStressTest
@Outcome(id = "HEADERS, ACK; sent", expect = Expect.ACCEPTABLE, desc = "the write cleared the strikes; the PING was answered")
@Outcome(id = "ACK, GOAWAY too_many_pings; refused", expect = Expect.ACCEPTABLE, desc = "third strike first; the HEADERS were refused")
@Outcome(expect = Expect.FORBIDDEN, desc = "a strike counted across a write, or a frame after the GOAWAY")
@State
public class PingStrikesVsWritesStress {
    private static final long PING = 0x77;

    private final TestConnection t = TestConnection.server(EndpointConfig.server());
    private volatile String answer;

    public PingStrikesVsWritesStress() {
        t.conn.frameReceived(new HeadersFrame(1, ShutdownVsPeerStreamStress.REQUEST_BLOCK, false, true));
        // The clock stands still: the first PING is valid, the next two are strikes one and two.
        for (int i = 0; i < 3; i++) t.conn.frameReceived(new PingFrame(false, i));
        t.mark();
    }

    @Actor
    public void reader() {
        t.conn.frameReceived(new PingFrame(false, PING));
    }

    @Actor
    public void application() {
        answer = t.conn.sendHeaders(1, TestConnection.response(), false).ok() ? "sent" : "refused";
    }

    @Arbiter
    public void check(L_Result r) {
        t.finish();
        List<String> seen = new ArrayList<>();
        for (Frame f : t.afterMark()) {
            if (f instanceof HeadersFrame h && h.streamId() == 1) seen.add("HEADERS");
            if (f instanceof PingFrame p && p.ack() && p.opaqueData() == PING) seen.add("ACK");
            if (f instanceof GoAwayFrame g && g.errorCode() == ErrorCode.ENHANCE_YOUR_CALM.code()) seen.add("GOAWAY " + g.debugData().ascii());
        }
        r.r1 = String.join(", ", seen) + "; " + answer;
    }
}
