package io.grpcspec.stress;

import io.grpcspec.transport.ControlBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZI_Result;

/**
 * The reader pauses while too many answers to the peer (PING/SETTINGS ACKs, RST_STREAMs) wait
 * for the writer ({@link ControlBuffer#awaitNotThrottled}); the writer's drain must wake it. A
 * lost wake-up would stall reading until the timeout, a stall the peer sees as a dead
 * connection. The reader queues three answers (over the limit of two) and waits; the writer
 * spins until it has drained all three. The reader must be released (true) well within its
 * generous timeout; "false" means it slept through the drain.
 */
@JCStressTest
@Outcome(id = "true, 3", expect = Expect.ACCEPTABLE, desc = "the drain released the paused reader")
@Outcome(id = "false, 3", expect = Expect.FORBIDDEN, desc = "lost wake-up: the reader stayed paused after the drain")
@Outcome(expect = Expect.FORBIDDEN, desc = "answers lost or duplicated")
@State
public class ControlBufferThrottleStress {
    private static final long PATIENCE = TimeUnit.SECONDS.toNanos(10);

    private final ControlBuffer<String> buffer = new ControlBuffer<>(s -> s.startsWith("ack"), 2);

    @Actor
    public void reader(ZI_Result r) {
        buffer.put("ack1");
        buffer.put("ack2");
        buffer.put("ack3");
        try {
            r.r1 = buffer.awaitNotThrottled(PATIENCE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Actor
    public void writer(ZI_Result r) {
        int taken = 0;
        while (taken < 3) {
            int n = buffer.drainNow().size();
            if (n == 0) Thread.onSpinWait();
            taken += n;
        }
        r.r2 = taken;
    }
}
