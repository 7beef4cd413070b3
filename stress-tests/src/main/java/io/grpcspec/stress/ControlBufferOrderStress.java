package io.grpcspec.stress;

import io.grpcspec.transport.ControlBuffer;
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
 * Two threads enqueue items for the writer while the writer drains ({@link ControlBuffer}, the
 * queue in front of the connection's single writer): nothing is lost or duplicated, and each
 * thread's items keep their order (a stream's HEADERS before its DATA). The second producer
 * drains right after its own puts, as a thread that both queues and writes would (jcstress runs
 * at most as many actors as the machine has CPUs, two in CI), so its drain races the first
 * producer. {@code put} and {@code drain} run under one lock, so a violation is impossible by
 * construction; the outcome space still shows a regression (an unlocked deque, a drain that
 * clears what it did not copy), and "ok-partial" shows the drain really raced the producer.
 */
@JCStressTest
@Outcome(id = "ok-partial", expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "the drain took B's items before A's were all in; all drained once, in order")
@Outcome(id = "ok", expect = Expect.ACCEPTABLE, desc = "every item drained once, per-producer order kept")
@Outcome(expect = Expect.FORBIDDEN, desc = "lost, duplicated or reordered items")
@State
public class ControlBufferOrderStress {

    private final ControlBuffer<String> buffer = new ControlBuffer<>(s -> false, 50);
    private List<String> first = List.of();

    @Actor
    public void producerA() {
        buffer.put("a1");
        buffer.put("a2");
    }

    @Actor
    public void producerThenWriter() {
        buffer.put("b1");
        buffer.put("b2");
        // drains concurrently with producer A; what it took is kept, the rest is left queued
        first = buffer.drainNow();
    }

    @Arbiter
    public void check(L_Result r) {
        List<String> all = new ArrayList<>(first);
        all.addAll(buffer.drainNow());
        boolean ok = all.size() == 4
                && all.indexOf("a1") >= 0 && all.indexOf("a1") < all.indexOf("a2")
                && all.indexOf("b1") >= 0 && all.indexOf("b1") < all.indexOf("b2");
        r.r1 = !ok ? "bad: " + all : first.size() == 4 ? "ok" : "ok-partial";
    }
}
