package io.grpcspec.stress;

import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.stress.harness.TestConnection;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
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
 * The server's GOAWAY (last-stream-id 0) arrives while the application opens a stream. After a
 * GOAWAY no new stream may start (GoAwayRules, RFC 9113 §6.8); a stream opened just before it
 * is above its last-stream-id, so it was not processed and must be handed back for a retry
 * (GA-7). Either way the application hears "not processed" exactly once and never waits on a
 * stream the server will ignore; HEADERS are on the wire only for a stream the caller was given.
 */
@JCStressTest
@Outcome(id = "opened, HEADERS written, not processed", expect = Expect.ACCEPTABLE,
        desc = "the stream started before the GOAWAY; the GOAWAY handed it back for a retry")
@Outcome(id = "not started, nothing written, not processed", expect = Expect.ACCEPTABLE,
        desc = "the GOAWAY came first; the request was refused as not processed")
@Outcome(expect = Expect.FORBIDDEN, desc = "a stream started after the GOAWAY, HEADERS of a refused stream, or a call left hanging")
@State
public class GoAwayVsOpenStreamStress {
    private final TestConnection t = TestConnection.client(EndpointConfig.client());
    private volatile int stream = -1;

    @Actor
    public void reader() {
        t.conn.frameReceived(new GoAwayFrame(0, ErrorCode.NO_ERROR, Bytes.EMPTY));
    }

    @Actor
    public void application() {
        stream = t.conn.openStream(TestConnection.request("/svc/Method"), true).streamId();
    }

    @Arbiter
    public void check(L_Result r) {
        t.finish();
        boolean headers = false;
        for (Frame f : t.written()) if (f instanceof HeadersFrame h && h.streamId() == 1) headers = true;
        long notProcessed = t.app.events().stream().filter(e -> e.equals("not-processed:1")).count();
        r.r1 = (stream == 1 ? "opened" : stream == 0 ? "not started" : "stream " + stream)
                + (headers ? ", HEADERS written" : ", nothing written")
                + (notProcessed == 1 ? ", not processed" : ", not-processed told " + notProcessed + " times");
    }
}
