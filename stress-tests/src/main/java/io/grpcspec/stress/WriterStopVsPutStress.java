package io.grpcspec.stress;

import io.grpcspec.stress.harness.WriterStopScenario;
import io.grpcspec.transport.ControlBuffer;
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
 * The connection's writer runs only while there is something to write: it takes from the
 * {@link ControlBuffer} until it finds the queue empty and stops, and a put into a buffer without
 * a running writer starts the next one. Here a put races the running writer's stop
 * ({@link WriterStopScenario}). The item must be taken by that writer (the put came before its
 * last look, and started nothing) or by the writer the put started (it came after the stop):
 * never stranded in the queue with no writer coming (a lost wake-up: the frame, an answer or a
 * GOAWAY, would never leave), and never taken by the first writer when a second was started (two
 * writers at once on one socket). The stop's look and its mark are one locked step, so the
 * forbidden outcomes need them split, as in the teeth's {@code UnsafeWriterStopStress}.
 */
@JCStressTest
@Outcome(id = "taken by the running writer", expect = Expect.ACCEPTABLE, desc = "the put came before the writer's last look")
@Outcome(id = "taken by the writer it started", expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "the writer had stopped; the put started the next one, which took it")
@Outcome(id = "stranded", expect = Expect.FORBIDDEN, desc = "lost wake-up: the item is queued and no writer is coming")
@Outcome(expect = Expect.FORBIDDEN, desc = "taken twice, or a second writer started while the first ran")
@State
public class WriterStopVsPutStress {
    private final AtomicInteger starts = new AtomicInteger();
    private final ControlBuffer<String> buffer = new ControlBuffer<>(s -> false, 50, starts::incrementAndGet);
    private final WriterStopScenario scenario = new WriterStopScenario(new WriterStopScenario.Queue() {
        @Override
        public void put(String item) {
            buffer.put(item);
        }

        @Override
        public List<String> drainOrStop() {
            return buffer.drainOrStop();
        }

        @Override
        public int size() {
            return buffer.size();
        }

        @Override
        public int starts() {
            return starts.get();
        }
    });

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
