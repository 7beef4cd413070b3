package io.grpcspec.stress;

import static io.grpcspec.spec.keepalive.Durations.INFINITE;
import static io.grpcspec.spec.keepalive.Durations.SECOND;

import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.keepalive.ConnectionManagerConfig;
import io.grpcspec.stress.harness.TestConnection;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
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
 * Server MAX_CONNECTION_IDLE (gRFC A9, KeepaliveRules KA-13): the idle timer fires just as a
 * call arrives and completes (the reader steps its HEADERS, the application answers with a
 * trailers-only response, so the connection is idle again, and the idle timer is re-armed for
 * a full period). An idle GOAWAY may only come from a timer that fired before the call; one
 * written after the response came from a firing the call should have cancelled or made stale
 * (the driver drops firings of a timer re-armed since, EndpointDriver).
 */
@JCStressTest
@Outcome(id = "max_idle GOAWAY, response", expect = Expect.ACCEPTABLE, desc = "the timer fired before the call; the call is still served")
@Outcome(id = "response", expect = Expect.ACCEPTABLE, desc = "the call came first; the timer did nothing")
@Outcome(id = "response, max_idle GOAWAY", expect = Expect.FORBIDDEN, desc = "an idle GOAWAY right after a call")
@Outcome(expect = Expect.FORBIDDEN, desc = "the call was not served")
@State
public class IdleVsStreamOpenStress {
    private static final long IDLE = 10 * SECOND;
    private static final EndpointConfig CONFIG = EndpointConfig.server()
            .withConnectionManagement(new ConnectionManagerConfig(IDLE, INFINITE, INFINITE));

    private final TestConnection t = TestConnection.server(CONFIG);

    public IdleVsStreamOpenStress() {
        t.mark();
        t.clock.advance(IDLE); // idle since the handshake: the timer is due now
    }

    @Actor
    public void idleTimer() {
        t.timers.runDue();
    }

    @Actor
    public void call() {
        t.conn.frameReceived(new HeadersFrame(1, ShutdownVsPeerStreamStress.REQUEST_BLOCK, true, true));
        t.conn.sendHeaders(1, TestConnection.trailersOnly(), true);
    }

    @Arbiter
    public void check(L_Result r) {
        t.finish();
        List<String> seen = new ArrayList<>();
        for (Frame f : t.afterMark()) {
            if (f instanceof HeadersFrame h && h.streamId() == 1) seen.add("response");
            if (f instanceof GoAwayFrame g && g.debugData().ascii().equals("max_idle")) seen.add("max_idle GOAWAY");
        }
        r.r1 = String.join(", ", seen);
    }
}
