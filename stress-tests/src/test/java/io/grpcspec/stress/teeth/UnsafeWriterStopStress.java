package io.grpcspec.stress.teeth;

import io.grpcspec.stress.harness.WriterStopScenario;
import io.grpcspec.transport.BufferPool;
import java.util.ArrayDeque;
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
 * Teeth of {@code WriterStopVsPutStress}: the same scenario on a queue that looks for work and
 * marks its writer stopped in two locked steps, as a writer that checked "anything left?", gave
 * its buffer back, and then cleared its running flag would. A put between the two finds the writer still marked
 * running, starts none, and is stranded. {@code TeethTest} expects jcstress to report "stranded".
 */
@JCStressTest
@Outcome(id = "taken by the running writer", expect = Expect.ACCEPTABLE, desc = "the put came before the writer's last look")
@Outcome(id = "taken by the writer it started", expect = Expect.ACCEPTABLE_INTERESTING, desc = "the put started the next writer")
@Outcome(id = "stranded", expect = Expect.FORBIDDEN, desc = "lost wake-up: the item is queued and no writer is coming")
@Outcome(expect = Expect.FORBIDDEN, desc = "taken twice, or a second writer started while the first ran")
@State
public class UnsafeWriterStopStress {

    private static final BufferPool BUFFERS = new BufferPool(64, 1);

    /** The control buffer's hand-off with the stop split in two. */
    private static final class SplitStopQueue implements WriterStopScenario.Queue {
        private final ArrayDeque<String> items = new ArrayDeque<>();
        private boolean writing;
        private int starts;

        @Override
        public synchronized void put(String item) {
            items.addLast(item);
            if (!writing) {
                writing = true;
                starts++;
            }
        }

        @Override
        public List<String> drainOrStop() {
            synchronized (this) {
                if (!items.isEmpty()) {
                    List<String> out = new ArrayList<>(items);
                    items.clear();
                    return out;
                }
            }
            // The writer gives its buffer back before it marks itself stopped: too late, a put
            // meanwhile saw it running and started no one.
            BUFFERS.give(BUFFERS.take());
            synchronized (this) {
                writing = false;
            }
            return List.of();
        }

        @Override
        public synchronized int size() {
            return items.size();
        }

        @Override
        public synchronized int starts() {
            return starts;
        }
    }

    private final WriterStopScenario scenario = new WriterStopScenario(new SplitStopQueue());

    @Actor
    public void producer() {
        scenario.producer();
    }

    @Actor
    public void writer() {
        scenario.writer();
    }

    @Arbiter
    public void check(L_Result r) {
        r.r1 = scenario.verdict();
    }
}
