package io.grpcspec.stress;

import io.grpcspec.transport.SerialExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The server call's stepping pattern: a reader and a handler each step the call under its monitor
 * (here: take the next step number) and queue the connection request that step decided on a
 * calling-thread {@link SerialExecutor} there, then make the queued requests after leaving the
 * monitor. Both requests must be made, in step order (the machine's frame order), never two at
 * once. A request out of order here is a DATA frame after the trailers; a lost one is a call that
 * never answers.
 */
@JCStressTest
@Outcome(id = "2, 1, 1", expect = Expect.ACCEPTABLE, desc = "both requests made, in step order, one at a time")
@Outcome(expect = Expect.FORBIDDEN, desc = "a request was lost, made out of order, or two overlapped")
@State
public class CallRequestOrderStress {

    private final SerialExecutor outbound = SerialExecutor.onCallingThread(t -> { });
    private int steps; // guarded by this
    private final AtomicInteger made = new AtomicInteger();
    private final AtomicInteger inOrder = new AtomicInteger(1);
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger maxInside = new AtomicInteger();

    private void request(int step) {
        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
        if (made.getAndIncrement() != step) inOrder.set(0);
        inside.decrementAndGet();
    }

    private void stepAndRequest() {
        synchronized (this) {
            int step = steps++;
            outbound.add(() -> request(step));
        }
        outbound.runPending();
    }

    @Actor
    public void reader() {
        stepAndRequest();
    }

    @Actor
    public void handler() {
        stepAndRequest();
    }

    @Arbiter
    public void check(III_Result r) {
        r.r1 = made.get();
        r.r2 = inOrder.get();
        r.r3 = maxInside.get();
    }
}
