package io.grpcspec.stress;

import io.grpcspec.transport.ControlBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * A put racing the control buffer's close (what the connection does when it queues its close):
 * the item is either refused, or accepted and still drained by the writer. Accepted-and-lost
 * would mean a frame the caller thinks was queued (an RST_STREAM, a trailer) silently never goes
 * out; refused-and-drained, a frame after the close item (ConnectionRules CONN-9). Both run
 * under the buffer's lock, so neither is possible by construction; the connection-level tests
 * {@link WriterCloseVsPingStress} and {@link PeerClosedVsDataStress} race the same close with the
 * writer running.
 */
@JCStressTest
@Outcome(id = "true, true", expect = Expect.ACCEPTABLE, desc = "put won the race; the item was drained")
@Outcome(id = "false, false", expect = Expect.ACCEPTABLE, desc = "close won the race; the put was refused")
@Outcome(id = "true, false", expect = Expect.FORBIDDEN, desc = "accepted but lost")
@Outcome(id = "false, true", expect = Expect.FORBIDDEN, desc = "refused but drained")
@State
public class ControlBufferCloseStress {

    private final ControlBuffer<String> buffer = new ControlBuffer<>(s -> false, 50);

    @Actor
    public void producer(ZZ_Result r) {
        r.r1 = buffer.put("rst");
    }

    @Actor
    public void closer() {
        buffer.close();
    }

    @Arbiter
    public void writer(ZZ_Result r) {
        r.r2 = buffer.drainNow().contains("rst");
    }
}
