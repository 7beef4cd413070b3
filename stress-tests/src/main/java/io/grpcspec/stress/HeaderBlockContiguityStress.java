package io.grpcspec.stress;

import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.stress.harness.HeaderBlocks;
import io.grpcspec.stress.harness.TestConnection;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Two threads open streams whose header blocks need HEADERS + CONTINUATION (20 000 octets of
 * metadata, over the 16 384 frame limit); the second also sends DATA on an open stream before
 * and after its block. A peer must see each block's frames back to back (RFC 9113 §4.3;
 * HeaderBlockRules HB-1..HB-3 are what our own reader enforces on the other side). The driver
 * cuts a block into one write item and the writer writes an item whole, so interleaving is
 * impossible by construction; the outcome space shows it if either changes, and
 * {@code UnsafeSplitBlockStress} (test sources) proves the verdict catches blocks put frame by
 * frame. "A's block between B's frames" shows the two producers really interleaved.
 */
@JCStressTest
@Outcome(id = "contiguous, A's block between B's frames", expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "A's block went out between B's DATA frames, and no block was cut")
@Outcome(id = "contiguous", expect = Expect.ACCEPTABLE, desc = "every block's frames back to back")
@Outcome(expect = Expect.FORBIDDEN, desc = "a frame inside another stream's header block, or a stream not opened")
@State
public class HeaderBlockContiguityStress {
    private static final List<HeaderField> BIG = TestConnection.request("/svc/Big", new HeaderField("x-big", "~".repeat(20_000)));
    private static final Bytes CHUNK = Bytes.ofAscii("chunk");

    private final TestConnection t = TestConnection.client(EndpointConfig.client());
    private volatile boolean opened = true;
    private volatile int streamA;

    public HeaderBlockContiguityStress() {
        t.conn.openStream(TestConnection.request("/svc/Small"), false);
        t.mark();
    }

    @Actor
    public void openerA() {
        var o = t.conn.openStream(BIG, true);
        if (!o.ok()) opened = false;
        streamA = o.streamId();
    }

    @Actor
    public void senderAndOpenerB() {
        t.conn.sendData(1, CHUNK, false);
        if (!t.conn.openStream(BIG, true).ok()) opened = false;
        t.conn.sendData(1, CHUNK, false);
    }

    @Arbiter
    public void check(L_Result r) {
        t.finish();
        List<Frame> frames = t.afterMark();
        String verdict = HeaderBlocks.contiguity(frames);
        if (!opened) verdict = "a stream was not opened";
        int blockA = -1, firstData = -1, lastData = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i) instanceof HeadersFrame h && h.streamId() == streamA) blockA = i;
            if (frames.get(i) instanceof DataFrame) {
                if (firstData < 0) firstData = i;
                lastData = i;
            }
        }
        boolean between = firstData < blockA && blockA < lastData;
        r.r1 = verdict.equals("contiguous") && between ? "contiguous, A's block between B's frames" : verdict;
    }
}
