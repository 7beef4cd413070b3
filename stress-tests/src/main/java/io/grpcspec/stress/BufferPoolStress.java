package io.grpcspec.stress;

import io.grpcspec.transport.BufferPool;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Two connections' writers take a write buffer from the shared {@link BufferPool} at once while
 * one gives its own back: no array may be handed to both (their frames would be mixed in it,
 * and one connection's bytes sent on the other's socket). The pool holds one free array to start
 * with; writer A gives back a second one and takes; writer B takes. Each gets one of the two
 * pooled arrays (a take that finds none makes a new one, which is harmless), never both the same
 * one, and no pooled array is lost. Each slot moves by compare-and-set, so the forbidden outcome needs a pool that reads a
 * slot and clears it in two steps.
 */
@JCStressTest
@Outcome(id = "distinct, both pooled", expect = Expect.ACCEPTABLE, desc = "each writer got one of the two pooled arrays")
@Outcome(id = "distinct, one new", expect = Expect.ACCEPTABLE,
        desc = "a take that found no free array made a new one: allowed, though this pool's scan order should always find one here")
@Outcome(id = "distinct, both new", expect = Expect.FORBIDDEN, desc = "a pooled array was lost")
@Outcome(expect = Expect.FORBIDDEN, desc = "both writers got the same array")
@State
public class BufferPoolStress {
    private final BufferPool pool = new BufferPool(16, 2);
    private final byte[] first = new byte[16];
    private final byte[] second = new byte[16];
    private byte[] a;
    private byte[] b;

    public BufferPoolStress() {
        pool.give(first);
    }

    @Actor
    public void writerA() {
        pool.give(second);
        a = pool.take();
    }

    @Actor
    public void writerB() {
        b = pool.take();
    }

    @Arbiter
    public void check(L_Result r) {
        if (a == b) {
            r.r1 = "same array";
            return;
        }
        int pooled = (pooled(a) ? 1 : 0) + (pooled(b) ? 1 : 0);
        r.r1 = pooled == 2 ? "distinct, both pooled" : pooled == 1 ? "distinct, one new" : "distinct, both new";
    }

    private boolean pooled(byte[] x) {
        return x == first || x == second;
    }
}
