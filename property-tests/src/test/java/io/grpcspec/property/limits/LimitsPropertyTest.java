package io.grpcspec.property.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpcspec.property.engine.Context;
import io.grpcspec.property.engine.Many;
import io.grpcspec.property.engine.Property;
import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.driver.EndpointDriver;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.keepalive.EnforcementPolicy;
import io.grpcspec.spec.limits.Limits;
import io.grpcspec.spec.limits.RateBudget;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.Priority;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The budgets of area LIM against generated peers, through the driver the socket server runs:
 * random small budgets, random frames (new streams, resets, empty DATA, DATA with a payload,
 * PRIORITY, PING, WINDOW_UPDATE) at random times. What the rules promise, stated without the
 * machine's own arithmetic:
 * <ul>
 *   <li>LIM-1: the server cuts the peer off only after at least {@code max + 1} RST_STREAM frames
 *       within one window's time, and never lets more than {@code 2 * max} through in any window;</li>
 *   <li>LIM-3: it cuts the peer off exactly at the frame that makes the run of frames without
 *       progress longer than the bound (a run counted here from the frames themselves);</li>
 *   <li>LIM-5: reading is paused exactly while more calls than the bound are unfinished.</li>
 * </ul>
 */
class LimitsPropertyTest {

    private static final long SECOND = 1_000_000_000L;
    /** :method POST, :scheme http: static-table indices only, so no HPACK state is needed. */
    private static final Bytes REQUEST = Bytes.of((byte) 0x83, (byte) 0x86);

    private static final class Server {
        final EndpointDriver driver = new EndpointDriver();
        DriverState state;
        long now;
        List<Effect> last = List.of();

        Server(Limits limits) {
            EndpointConfig c = EndpointConfig.server().withLimits(limits).withEnforcement(new EnforcementPolicy(0, true));
            state = EndpointDriver.initial(c);
            step(new EndpointEvent.Start(0, 0));
            step(new EndpointEvent.PrefaceReceived(Preface.CLIENT, 0));
            step(new EndpointEvent.FrameReceived(SettingsFrame.of(), 0));
        }

        void step(EndpointEvent e) {
            EndpointDriver.DriverStep s = driver.step(state, e);
            state = s.state();
            last = s.effects();
        }

        void frame(Frame f) {
            step(new EndpointEvent.FrameReceived(f, now));
        }

        /** The rule ID of the GOAWAY ENHANCE_YOUR_CALM this step wrote, or null. */
        String calmedBy() {
            for (Effect e : last) {
                if (e instanceof Effect.WriteFrame(GoAwayFrame g) && g.errorCode() == ErrorCode.ENHANCE_YOUR_CALM.code()) {
                    String d = g.debugData().ascii();
                    return d.substring(0, Math.max(0, d.indexOf(':')));
                }
            }
            return null;
        }

        boolean closed() {
            return state.endpoint().closed();
        }
    }

    @Test
    @Checks({"LIM-1", "LIM-3"})
    void resetAndNoProgressBudgetsTripWhereTheRulesSay() {
        Property.stateful("reset and no-progress budgets").tries(400).run(ctx -> {
            int maxResets = ctx.draw(1, 6);
            long window = ctx.draw(1, 4) * SECOND;
            int maxIdle = ctx.draw(1, 6);
            Server s = new Server(Limits.SERVER.withPeerResets(new RateBudget(maxResets, window)).withSentResets(RateBudget.OFF)
                    .withMaxNoProgressFrames(maxIdle));
            ctx.note("budgets: " + maxResets + " resets per " + window / SECOND + " s, " + maxIdle + " frames without progress");
            List<Long> resets = new ArrayList<>(); // times of the resets the server accepted
            List<Integer> open = new ArrayList<>(); // streams opened without END_STREAM and not reset by us
            int run = 0;
            int next = 1;
            Many steps = ctx.many(1, 120, 40);
            while (steps.more()) {
                if (ctx.weighted(0.2)) s.now += ctx.draw(0, 3) * window / 2;
                Frame f;
                boolean progress = false;
                boolean none = false;
                switch (ctx.choose(7)) {
                    case 0 -> {
                        boolean end = ctx.bool();
                        f = new HeadersFrame(next, REQUEST, end, true);
                        if (!end) open.add(next);
                        next += 2;
                        progress = true;
                    }
                    case 1 -> {
                        if (next == 1) continue;
                        int id = 1 + 2 * ctx.choose((next - 1) / 2);
                        f = new RstStreamFrame(id, ErrorCode.CANCEL);
                        open.remove(Integer.valueOf(id));
                    }
                    case 2 -> {
                        if (open.isEmpty()) continue;
                        f = new DataFrame(open.get(ctx.choose(open.size())), Bytes.EMPTY, false);
                        none = true;
                    }
                    case 3 -> {
                        if (open.isEmpty()) continue;
                        f = new DataFrame(open.get(ctx.choose(open.size())), Bytes.of(new byte[] {0, 0, 0, 0, 0}), false);
                        progress = true;
                    }
                    case 4 -> {
                        f = new PriorityFrame(1 + 2 * ctx.choose(20), new Priority(0, false, 16));
                        none = true;
                    }
                    case 5 -> f = new PingFrame(false, ctx.drawLong(0, 99));
                    default -> f = new WindowUpdateFrame(0, 1);
                }
                ctx.note("t=" + s.now / (SECOND / 2) / 2.0 + " s: " + f);
                s.frame(f);
                String calm = s.calmedBy();
                if (f instanceof RstStreamFrame) {
                    long inWindow = resets.stream().filter(t -> t > s.now - window).count();
                    if ("LIM-1".equals(calm)) {
                        assertTrue(inWindow >= maxResets, "cut off after only " + inWindow + " resets within a window");
                        ctx.label("LIM-1 tripped");
                        return;
                    }
                    resets.add(s.now);
                    long now = s.now;
                    long sliding = resets.stream().filter(t -> t > now - window).count();
                    assertTrue(sliding <= 2L * maxResets, sliding + " resets accepted within one window");
                }
                run = progress ? 0 : none ? run + 1 : run;
                if (run > maxIdle) {
                    assertEquals("LIM-3", calm, "a run of " + run + " frames without progress must be cut off");
                    ctx.label("LIM-3 tripped");
                    return;
                }
                if (calm != null) fail("cut off by " + calm + " with " + run + " frames in the run and " + resets.size() + " resets");
                assertFalse(s.closed(), () -> "closed without a budget over: " + s.last);
            }
            ctx.label("no budget tripped");
        });
    }

    @Test
    @Checks("LIM-5")
    void readingPausesExactlyWhileTooManyCallsAreUnfinished() {
        Property.stateful("calls in progress").tries(300).run((Context ctx) -> {
            int bound = ctx.draw(1, 5);
            Server s = new Server(Limits.SERVER.withMaxCallsInProgress(bound));
            List<Integer> unfinished = new ArrayList<>();
            int next = 1;
            Many steps = ctx.many(1, 60, 20);
            while (steps.more()) {
                if (unfinished.isEmpty() || ctx.weighted(0.6)) {
                    if (s.state.endpoint().readingPaused()) {
                        // the transport reads nothing now; the application finishes a call instead
                        int id = unfinished.remove(ctx.choose(unfinished.size()));
                        s.step(new EndpointEvent.CallFinished(id, s.now));
                    } else {
                        s.frame(new HeadersFrame(next, REQUEST, ctx.bool(), true));
                        if (ctx.bool()) s.frame(new RstStreamFrame(next, ErrorCode.CANCEL)); // a reset does not finish the call
                        unfinished.add(next);
                        next += 2;
                    }
                } else {
                    int id = unfinished.remove(ctx.choose(unfinished.size()));
                    s.step(new EndpointEvent.CallFinished(id, s.now));
                }
                assertEquals(unfinished.size(), s.state.endpoint().callsInProgress());
                assertEquals(unfinished.size() > bound, s.state.endpoint().readingPaused(), "paused with " + unfinished.size()
                        + " unfinished calls, bound " + bound);
                ctx.classify(s.state.endpoint().readingPaused(), "paused");
            }
        });
    }
}
