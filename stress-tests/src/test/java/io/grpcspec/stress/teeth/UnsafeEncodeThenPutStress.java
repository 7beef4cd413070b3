package io.grpcspec.stress.teeth;

import io.grpcspec.hpack.EncoderState;
import io.grpcspec.stress.harness.HeaderBlocks;
import io.grpcspec.stress.harness.TestConnection;
import io.grpcspec.transport.ControlBuffer;
import io.grpcspec.transport.WriteItem;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Teeth of {@code HpackOrderStress}: each thread HPACK-encodes its block atomically (a CAS on
 * the shared encoder state, so the table itself is never corrupted) and then queues it in a
 * second step — the regression of encoding outside the section that orders the writes. When
 * the two steps of the threads interleave, the blocks reach the wire in the other order than
 * they were encoded in, and a peer's decoder goes wrong. Judged by the same verdict;
 * {@code TeethTest} expects jcstress to report a decoding failure.
 */
@JCStressTest
@Outcome(id = "decoded", expect = Expect.ACCEPTABLE, desc = "both blocks decode to what was sent")
@Outcome(id = "undecodable.*", expect = Expect.FORBIDDEN, desc = "a block referred to table entries the peer did not have yet")
@Outcome(expect = Expect.FORBIDDEN, desc = "a block decoded to another list")
@State
public class UnsafeEncodeThenPutStress {
    private static final List<HeaderField> A = TestConnection.request("/svc/A", new HeaderField("x-request", "alpha"));
    private static final List<HeaderField> B = TestConnection.request("/svc/B", new HeaderField("x-request", "beta"));

    private final AtomicReference<EncoderState> encoder = new AtomicReference<>(EncoderState.initial());
    private final ControlBuffer<WriteItem> buffer = new ControlBuffer<>(WriteItem::isResponse, 50);

    private void open(int stream, List<HeaderField> fields) {
        EncoderState.Encoded e;
        EncoderState before;
        do {
            before = encoder.get();
            e = before.encode(fields);
        } while (!encoder.compareAndSet(before, e.state()));
        buffer.put(new WriteItem.FrameItem(new HeadersFrame(stream, e.block(), true, true)));
    }

    @Actor
    public void openerA() {
        open(1, A);
    }

    @Actor
    public void openerB() {
        open(3, B);
    }

    @Arbiter
    public void check(L_Result r) {
        List<Frame> frames = new ArrayList<>();
        for (WriteItem item : buffer.drainNow()) if (item instanceof WriteItem.FrameItem(Frame f)) frames.add(f);
        String verdict = HeaderBlocks.decoding(frames, Map.of(1, A, 3, B));
        r.r1 = verdict.startsWith("undecodable") ? "undecodable" : verdict;
    }
}
