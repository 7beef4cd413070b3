package io.grpcspec.stress;

import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.stress.harness.HeaderBlocks;
import io.grpcspec.stress.harness.TestConnection;
import io.grpcspec.wire.HeaderField;
import java.util.List;
import java.util.Map;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Two threads open streams at once. Each header block adds entries to the HPACK dynamic table
 * and the second refers to entries the first added, so the peer can decode them only if they
 * reach the wire in the order the encoder produced them (RFC 7541 §2.3; a peer that cannot
 * decode ends the connection with COMPRESSION_ERROR, HpackRules). The driver encodes a block
 * when its step writes it, under the connection lock that also orders the writes, so wire
 * order is encoding order by construction; {@code UnsafeEncodeThenPutStress} (test sources)
 * encodes and queues in two steps and is caught by this same verdict.
 */
@JCStressTest
@Outcome(id = "decoded, A first", expect = Expect.ACCEPTABLE, desc = "A's stream was opened first; both blocks decode to what was sent")
@Outcome(id = "decoded, B first", expect = Expect.ACCEPTABLE, desc = "B's stream was opened first; both blocks decode to what was sent")
@Outcome(expect = Expect.FORBIDDEN, desc = "a block did not decode, decoded to another list, or a stream was not opened")
@State
public class HpackOrderStress {
    private static final List<HeaderField> A = TestConnection.request("/svc/A", new HeaderField("x-request", "alpha"));
    private static final List<HeaderField> B = TestConnection.request("/svc/B", new HeaderField("x-request", "beta"));

    private final TestConnection t = TestConnection.client(EndpointConfig.client());
    private volatile int streamA, streamB;

    public HpackOrderStress() {
        t.mark();
    }

    @Actor
    public void openerA() {
        streamA = t.conn.openStream(A, true).streamId();
    }

    @Actor
    public void openerB() {
        streamB = t.conn.openStream(B, true).streamId();
    }

    @Arbiter
    public void check(L_Result r) {
        t.finish();
        if (streamA == 0 || streamB == 0) {
            r.r1 = "not opened";
            return;
        }
        String verdict = HeaderBlocks.decoding(t.afterMark(), Map.of(streamA, A, streamB, B));
        r.r1 = verdict.equals("decoded") ? (streamA < streamB ? "decoded, A first" : "decoded, B first") : verdict;
    }
}
