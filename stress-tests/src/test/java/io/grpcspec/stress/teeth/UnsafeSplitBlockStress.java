package io.grpcspec.stress.teeth;

import io.grpcspec.stress.harness.HeaderBlocks;
import io.grpcspec.transport.ControlBuffer;
import io.grpcspec.transport.WriteItem;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeadersFrame;
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
 * Teeth of {@code HeaderBlockContiguityStress}: two threads queue their header blocks frame by
 * frame (HEADERS, then CONTINUATION, as separate items in the real control buffer) instead of as
 * one {@code BlockItem} under the connection's lock — the regression that test guards against.
 * Judged by the same verdict; {@code TeethTest} expects jcstress to report "interleaved".
 */
@JCStressTest
@Outcome(id = "contiguous", expect = Expect.ACCEPTABLE, desc = "every block's frames back to back")
@Outcome(id = "interleaved.*", expect = Expect.FORBIDDEN, desc = "a frame inside another stream's header block")
@State
public class UnsafeSplitBlockStress {
    private static final Bytes PART = Bytes.ofAscii("fragment");

    private final ControlBuffer<WriteItem> buffer = new ControlBuffer<>(WriteItem::isResponse, 50);

    private void block(int stream) {
        buffer.put(new WriteItem.FrameItem(new HeadersFrame(stream, PART, true, false)));
        buffer.put(new WriteItem.FrameItem(new ContinuationFrame(stream, PART, true)));
    }

    @Actor
    public void openerA() {
        block(1);
    }

    @Actor
    public void openerB() {
        block(3);
    }

    @Arbiter
    public void check(L_Result r) {
        List<Frame> frames = new ArrayList<>();
        for (WriteItem item : buffer.drainNow()) if (item instanceof WriteItem.FrameItem(Frame f)) frames.add(f);
        String verdict = HeaderBlocks.contiguity(frames);
        r.r1 = verdict.startsWith("interleaved") ? "interleaved" : verdict;
    }
}
