package io.grpcspec.stress;

import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.stress.harness.TestConnection;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * The reader hits end of input (the peer closed) while the application sends DATA on an open
 * stream and the writer runs: the DATA is either accepted and written before the close, or
 * refused (CONN-9) so the caller knows — never accepted and dropped, never refused and written.
 * Flow-controlled DATA goes through the machine's outbound queue, not straight to the control
 * buffer, so this covers a different path from {@link WriterCloseVsPingStress}.
 */
@JCStressTest
@Outcome(id = "accepted, written, closed", expect = Expect.ACCEPTABLE, desc = "the DATA was stepped before the end of input")
@Outcome(id = "refused CONN-9, not written, closed", expect = Expect.ACCEPTABLE, desc = "the end of input won; the caller was told")
@Outcome(expect = Expect.FORBIDDEN, desc = "accepted but lost, refused but written, or the application never heard of the close")
@State
public class PeerClosedVsDataStress {
    private static final Bytes PAYLOAD = Bytes.ofAscii("hello");

    private final TestConnection t = TestConnection.client(EndpointConfig.client());
    private volatile String answer;

    public PeerClosedVsDataStress() {
        if (t.conn.openStream(TestConnection.request("/svc/Method"), false).streamId() != 1) throw new IllegalStateException();
    }

    @Actor
    public void application() {
        var o = t.conn.sendData(1, PAYLOAD, false);
        answer = o.ok() ? "accepted" : "refused " + o.violation().rule().id();
    }

    @Actor
    public void readerThenWriter() {
        t.conn.peerClosed("end of input");
        // this thread then plays the writer, which drains concurrently with the application
        t.runWriter();
    }

    @Arbiter
    public void check(L_Result r) {
        boolean written = false;
        for (Frame f : t.written()) if (f instanceof DataFrame d && d.streamId() == 1 && d.data().equals(PAYLOAD)) written = true;
        r.r1 = answer + (written ? ", written" : ", not written") + (t.app.contains("closed") ? ", closed" : ", never told");
    }
}
