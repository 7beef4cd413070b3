package io.grpcspec.stress;

import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.stress.harness.TestConnection;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.PingFrame;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * A shutdown racing an enqueue, with the writer running: the application's PING is either
 * accepted and written before the GOAWAY, or refused with the rule that says why (CONN-9) — never
 * accepted and then silently dropped, never written after the GOAWAY, never refused yet written
 * (ConnectionRules CONN-9: nothing reaches the byte stream once the connection is closed).
 * Requests are stepped under the connection's lock and the writer stops at the close item, so
 * the forbidden outcomes need a broken lock or a writer that ignores the close. (Two actors, as
 * many as CI's CPUs: the thread that shuts down goes on as the writer.)
 */
@JCStressTest
@Outcome(id = "accepted, written before GOAWAY", expect = Expect.ACCEPTABLE, desc = "the PING won the race")
@Outcome(id = "refused CONN-9, not written", expect = Expect.ACCEPTABLE, desc = "the shutdown won; the caller was told")
@Outcome(expect = Expect.FORBIDDEN, desc = "accepted but lost, refused but written, or written after the GOAWAY")
@State
public class WriterCloseVsPingStress {
    private static final long PAYLOAD = 0x5EED;

    private final TestConnection t = TestConnection.client(EndpointConfig.client());
    private volatile String answer;

    @Actor
    public void application() {
        var o = t.conn.ping(PAYLOAD);
        answer = o.ok() ? "accepted" : "refused " + o.violation().rule().id();
    }

    @Actor
    public void shutdownThenWriter() {
        t.conn.shutdown(false);
        // this thread then plays the writer, which drains concurrently with the application
        t.runWriter();
    }

    @Arbiter
    public void check(L_Result r) {
        List<Frame> frames = t.written();
        int ping = -1, goAway = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i) instanceof PingFrame p && p.opaqueData() == PAYLOAD && !p.ack()) ping = i;
            if (frames.get(i) instanceof GoAwayFrame && goAway < 0) goAway = i;
        }
        String wire = ping < 0 ? "not written" : goAway >= 0 && ping > goAway ? "written after GOAWAY" : "written before GOAWAY";
        if (goAway < 0) wire += " (no GOAWAY)";
        r.r1 = answer + ", " + wire;
    }
}
