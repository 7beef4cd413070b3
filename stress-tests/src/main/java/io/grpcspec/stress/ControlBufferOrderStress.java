package io.grpcspec.stress;

import io.grpcspec.transport.ControlBuffer;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Two threads enqueue frames for the writer while the writer drains: nothing is lost or
 * duplicated, and each thread's items keep their order (HEADERS before its DATA, say).
 */
@JCStressTest
@Outcome(id = "ok", expect = Expect.ACCEPTABLE, desc = "every item drained once, per-producer order kept")
@Outcome(expect = Expect.FORBIDDEN, desc = "lost, duplicated or reordered items")
@State
public class ControlBufferOrderStress {

    private final ControlBuffer<String> buffer = new ControlBuffer<>(s -> false, 50);
    private final StringBuilder seen = new StringBuilder();

    @Actor
    public void producerA() {
        buffer.put("a1");
        buffer.put("a2");
    }

    @Actor
    public void producerB() {
        buffer.put("b1");
        buffer.put("b2");
    }

    @Actor
    public void writer() {
        // the writer drains concurrently; what it took is recorded, the rest is left queued
        for (String s : buffer.drainNow()) seen.append(s).append(' ');
    }

    @Arbiter
    public void check(L_Result r) {
        for (String s : buffer.drainNow()) seen.append(s).append(' ');
        List<String> all = List.of(seen.toString().trim().split(" "));
        boolean ok = all.size() == 4
                && all.indexOf("a1") >= 0 && all.indexOf("a1") < all.indexOf("a2")
                && all.indexOf("b1") >= 0 && all.indexOf("b1") < all.indexOf("b2");
        r.r1 = ok ? "ok" : "bad: " + all;
    }
}
