package io.grpcspec.stress;

import io.grpcspec.hpack.EncoderState;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.stress.harness.TestConnection;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Server side: the application shuts the connection down (GOAWAY, then close) while the reader
 * steps a client's HEADERS opening stream 1. The GOAWAY's last-stream-id is the client's only
 * way to know whether its call may have run (RFC 9113 §6.8; GoAwayRules): a stream handed to
 * the application must be at or below it (else the client retries a call the server ran), and a
 * stream at or below it must have been handed over (else the call is lost). Outcome: delivered
 * or not, and the GOAWAY's last-stream-id.
 */
@JCStressTest
@Outcome(id = "delivered, GOAWAY last=1", expect = Expect.ACCEPTABLE, desc = "the stream came first and is covered by the GOAWAY")
@Outcome(id = "ignored, GOAWAY last=0", expect = Expect.ACCEPTABLE, desc = "the GOAWAY came first; the client will retry the stream")
@Outcome(expect = Expect.FORBIDDEN, desc = "a delivered stream above last-stream-id, or a covered stream never delivered")
@State
public class ShutdownVsPeerStreamStress {
    static final Bytes REQUEST_BLOCK = EncoderState.initial().encode(TestConnection.request("/svc/Method")).block();

    private final TestConnection t = TestConnection.server(EndpointConfig.server());

    @Actor
    public void application() {
        t.conn.shutdown(false);
    }

    @Actor
    public void reader() {
        t.conn.frameReceived(new HeadersFrame(1, REQUEST_BLOCK, true, true));
    }

    @Arbiter
    public void check(L_Result r) {
        t.runWriter();
        int last = -1;
        for (Frame f : t.written()) if (f instanceof GoAwayFrame g && last < 0) last = g.lastStreamId();
        r.r1 = (t.app.contains("headers:1") ? "delivered" : "ignored") + ", GOAWAY last=" + last;
    }
}
