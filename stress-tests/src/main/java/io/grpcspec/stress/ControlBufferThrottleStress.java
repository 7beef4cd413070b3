package io.grpcspec.stress;

import io.grpcspec.transport.ControlBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * The reader pauses while too many answers to the peer (PING/SETTINGS ACKs, RST_STREAMs) wait
 * for the writer ({@link ControlBuffer#awaitNotThrottled}); the writer's drain must wake it. A
 * lost wake-up would stall reading for good, which the peer sees as a dead connection. Three
 * answers wait (the limit is two); the reader waits, and the writer drains at any moment —
 * before the reader looks, while it checks, or once it sleeps. jcstress's termination mode:
 * the reader must return after the drain; "STALE" is the lost wake-up.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "the drain released the paused reader")
@Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "lost wake-up: the reader stayed paused after the drain")
@State
public class ControlBufferThrottleStress {
    private final ControlBuffer<String> buffer = new ControlBuffer<>(s -> s.startsWith("ack"), 2);

    public ControlBufferThrottleStress() {
        buffer.put("ack1");
        buffer.put("ack2");
        buffer.put("ack3");
    }

    @Actor
    public void reader() throws InterruptedException {
        buffer.awaitNotThrottled(TimeUnit.HOURS.toNanos(1));
    }

    @Signal
    public void writer() {
        buffer.drainNow();
    }
}
