package io.grpcspec.stress;

import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.stress.harness.TestConnection;
import io.grpcspec.stress.harness.WireFrames;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.PingFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Two application threads send PINGs on one real connection while its writer loop ("loopy")
 * drains the control buffer and writes to the socket: every frame a caller's request produced
 * reaches the wire exactly once, each thread's frames in the order it asked for them, and none
 * after the GOAWAY that closes the connection (the last producer to finish shuts it down, which
 * is what ends the writer loop). jcstress runs at most as many actors as there are CPUs (two in
 * CI), so the second producer becomes the writer thread once its own PINGs are queued, racing
 * the first producer. The writer flushes whenever its queue runs dry, so a flush between our
 * PINGs proves it wrote while the other producer was still producing ("ok-concurrent"). Only the
 * writer ever waits (for the close the other producer may queue last), never a producer, so the
 * actors do not move in lock step.
 */
@JCStressTest
@Outcome(id = "ok-concurrent", expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "the writer wrote and flushed between the producers' frames; all written once, in order")
@Outcome(id = "ok", expect = Expect.ACCEPTABLE, desc = "all written once, per-producer order kept, one batch")
@Outcome(expect = Expect.FORBIDDEN, desc = "a frame lost, duplicated, reordered or written after the GOAWAY")
@State
public class WriterProducersStress {
    private static final long A1 = 0xA1, A2 = 0xA2, B1 = 0xB1, B2 = 0xB2;

    private final TestConnection t = TestConnection.client(EndpointConfig.client());
    private final AtomicInteger finished = new AtomicInteger();

    private void done() {
        if (finished.incrementAndGet() == 2) t.conn.shutdown(false);
    }

    @Actor
    public void producerA() {
        t.conn.ping(A1);
        t.conn.ping(A2);
        done();
    }

    @Actor
    public void producerThenWriter() {
        t.conn.ping(B1);
        t.conn.ping(B2);
        done();
        t.runWriter();
    }

    @Arbiter
    public void check(L_Result r) {
        List<Long> pings = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        boolean afterGoAway = false, goAway = false;
        for (WireFrames.Placed p : t.placed()) {
            if (p.frame() instanceof GoAwayFrame) goAway = true;
            if (p.frame() instanceof PingFrame f && !f.ack()) {
                if (goAway) afterGoAway = true;
                pings.add(f.opaqueData());
                ends.add(p.end());
            }
        }
        boolean ok = !afterGoAway && pings.size() == 4 && pings.containsAll(List.of(A1, A2, B1, B2))
                && pings.indexOf(A1) < pings.indexOf(A2) && pings.indexOf(B1) < pings.indexOf(B2);
        if (!ok) {
            r.r1 = "bad: " + pings + (afterGoAway ? " after GOAWAY" : "");
            return;
        }
        boolean flushedBetween = false;
        for (int at : t.out.flushPoints()) if (at >= ends.get(0) && at < ends.get(3)) flushedBetween = true;
        r.r1 = flushedBetween ? "ok-concurrent" : "ok";
    }
}
