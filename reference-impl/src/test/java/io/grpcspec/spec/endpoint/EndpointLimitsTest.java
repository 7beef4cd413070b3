package io.grpcspec.spec.endpoint;

import static io.grpcspec.spec.endpoint.EndpointStreamsTest.STATIC_BLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Violation;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.endpoint.EndpointPair.Side;
import io.grpcspec.spec.keepalive.Durations;
import io.grpcspec.spec.limits.Limits;
import io.grpcspec.spec.limits.LimitsRules;
import io.grpcspec.spec.limits.RateBudget;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Priority;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.UnknownFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The resource budgets of area LIM as the composed machine enforces them, driven through the
 * real driver with a peer that injects what an attacker would: each budget holds exactly up to
 * its bound, and the frame past it ends the connection with GOAWAY ENHANCE_YOUR_CALM naming
 * the rule, or pauses reading, as the rule says.
 */
class EndpointLimitsTest {

    private static final long SECOND = Durations.SECOND;

    private static EndpointPair server(Limits limits) {
        return EndpointPair.connected(EndpointConfig.client(), EndpointConfig.server().withLimits(limits));
    }

    /** Delivers {@code frames} to the server as if the client had written them. */
    private static void attack(EndpointPair pair, Frame... frames) {
        for (Frame f : frames) {
            pair.inject(Side.CLIENT, f);
            while (pair.deliverOne(Side.SERVER)) { }
        }
    }

    private static GoAwayFrame goAway(EndpointPair pair) {
        List<Frame> g = pair.server().writtenFrames(f -> f instanceof GoAwayFrame);
        assertEquals(1, g.size(), () -> "one GOAWAY: " + pair.server().written());
        return (GoAwayFrame) g.get(0);
    }

    private static void assertCalmed(EndpointPair pair, String rule) {
        GoAwayFrame g = goAway(pair);
        assertEquals(ErrorCode.ENHANCE_YOUR_CALM.code(), g.errorCode());
        assertTrue(g.debugData().ascii().startsWith(rule + ": "), g.debugData().ascii());
        assertTrue(pair.server().state().closed());
        assertTrue(pair.server().effects(Effect.PeerViolation.class).stream()
                .anyMatch(v -> v.violation().rule().id().equals(rule)), () -> pair.server().effects().toString());
    }

    private static List<Frame> resets(EndpointPair pair) {
        return pair.server().writtenFrames(f -> f instanceof RstStreamFrame);
    }

    @Test
    @Checks("LIM-1")
    void peerResetsAreBudgetedPerWindowAndThePastOneEndsTheConnection() {
        EndpointPair pair = server(Limits.SERVER.withPeerResets(new RateBudget(3, 10 * SECOND)));
        int id = 1;
        for (int i = 0; i < 3; i++, id += 2) attack(pair, new HeadersFrame(id, STATIC_BLOCK, false, true), new RstStreamFrame(id, 8));
        assertFalse(pair.server().state().closed(), "three resets are within the budget");
        // a new window: the count starts again
        pair.advance(10 * SECOND);
        for (int i = 0; i < 3; i++, id += 2) attack(pair, new HeadersFrame(id, STATIC_BLOCK, false, true), new RstStreamFrame(id, 8));
        assertFalse(pair.server().state().closed(), "the window moved on");
        attack(pair, new HeadersFrame(id, STATIC_BLOCK, false, true), new RstStreamFrame(id, 8));
        assertCalmed(pair, "LIM-1");
        assertEquals(id, goAway(pair).lastStreamId(), "the GOAWAY names the last stream processed");
    }

    @Test
    @Checks("LIM-2")
    void resetsThePeerProvokesAreBudgetedToo() {
        EndpointPair pair = server(Limits.SERVER.withSentResets(new RateBudget(2, 10 * SECOND)));
        // MadeYouReset: a frame that forces a stream error (WINDOW_UPDATE of 0 on an open stream, FC-1)
        attack(pair, new HeadersFrame(1, STATIC_BLOCK, false, true), new WindowUpdateFrame(1, 0));
        attack(pair, new HeadersFrame(3, STATIC_BLOCK, false, true), new WindowUpdateFrame(3, 0));
        assertEquals(List.of(new RstStreamFrame(1, ErrorCode.PROTOCOL_ERROR), new RstStreamFrame(3, ErrorCode.PROTOCOL_ERROR)), resets(pair));
        assertFalse(pair.server().state().closed());
        attack(pair, new HeadersFrame(5, STATIC_BLOCK, false, true), new WindowUpdateFrame(5, 0));
        assertEquals(2, resets(pair).size(), "the reset over budget is not written: the connection ends instead");
        assertCalmed(pair, "LIM-2");
    }

    @Test
    @Checks("LIM-2")
    void aResetOurApplicationAsksForOverBudgetIsWrittenAndThenTheConnectionEnds() {
        EndpointPair pair = server(Limits.SERVER.withSentResets(new RateBudget(1, 10 * SECOND)));
        attack(pair, new HeadersFrame(1, STATIC_BLOCK, false, true), new HeadersFrame(3, STATIC_BLOCK, false, true));
        pair.apply(Side.SERVER, new EndpointEvent.ResetStream(1, ErrorCode.CANCEL, pair.now()));
        assertFalse(pair.server().state().closed());
        pair.apply(Side.SERVER, new EndpointEvent.ResetStream(3, ErrorCode.CANCEL, pair.now()));
        assertEquals(2, resets(pair).size());
        assertCalmed(pair, "LIM-2");
        assertTrue(pair.server().effects(Effect.Refused.class).isEmpty(), "the application's request was not refused");
    }

    @Test
    @Checks("LIM-3")
    void framesWithoutProgressAreBoundedInARow() {
        Limits five = Limits.SERVER.withMaxNoProgressFrames(5);
        EndpointPair pair = server(five);
        attack(pair, new HeadersFrame(1, STATIC_BLOCK, false, true));
        for (int i = 0; i < 5; i++) attack(pair, new DataFrame(1, Bytes.EMPTY, false));
        assertEquals(5, pair.server().state().guard().noProgress());
        // DATA with a payload is progress: the run starts over
        attack(pair, new DataFrame(1, Bytes.of(new byte[] {0, 0, 0, 0, 0}), false));
        assertEquals(0, pair.server().state().guard().noProgress());
        // frames other budgets judge neither count nor end a run
        attack(pair, new DataFrame(1, Bytes.EMPTY, false), new PriorityFrame(3, new Priority(0, false, 16)),
                new UnknownFrame(0x42, 0, 0, Bytes.EMPTY), new WindowUpdateFrame(0, 1), new PingFrame(false, 1));
        assertEquals(3, pair.server().state().guard().noProgress());
        attack(pair, new DataFrame(1, Bytes.EMPTY, false), new DataFrame(1, Bytes.EMPTY, false));
        assertFalse(pair.server().state().closed(), "five in a row are tolerated");
        attack(pair, new DataFrame(1, Bytes.EMPTY, false));
        assertCalmed(pair, "LIM-3");

        // empty CONTINUATION frames of an unfinished block count as well
        EndpointPair cont = server(five);
        attack(cont, new HeadersFrame(1, STATIC_BLOCK, false, false));
        for (int i = 0; i < 6; i++) attack(cont, new ContinuationFrame(1, Bytes.EMPTY, false));
        assertCalmed(cont, "LIM-3");
    }

    @Test
    @Checks("LIM-3")
    void anEndStreamOnAnEmptyDataFrameIsProgress() {
        EndpointPair pair = server(Limits.SERVER.withMaxNoProgressFrames(1));
        for (int id = 1; id < 20; id += 2) {
            attack(pair, new PriorityFrame(id, new Priority(0, false, 16)), new HeadersFrame(id, STATIC_BLOCK, false, true),
                    new DataFrame(id, Bytes.EMPTY, true));
        }
        assertFalse(pair.server().state().closed(), () -> pair.server().violations().toString());
    }

    @Test
    @Checks("LIM-5")
    void readingPausesWhileMoreCallsThanTheBoundAreInProgress() {
        EndpointPair pair = server(Limits.SERVER.withMaxCallsInProgress(2));
        attack(pair, new HeadersFrame(1, STATIC_BLOCK, false, true), new HeadersFrame(3, STATIC_BLOCK, false, true));
        assertFalse(pair.server().state().readingPaused(), "two calls are within the bound");
        // a reset does not end a call: the application may still be working on it
        attack(pair, new RstStreamFrame(1, 8), new RstStreamFrame(3, 8), new HeadersFrame(5, STATIC_BLOCK, true, true));
        assertEquals(3, pair.server().state().callsInProgress());
        assertTrue(pair.server().state().readingPaused());
        pair.apply(Side.SERVER, new EndpointEvent.CallFinished(1, pair.now()));
        assertFalse(pair.server().state().readingPaused(), "one call finished: reading resumes");
        pair.apply(Side.SERVER, new EndpointEvent.CallFinished(1, pair.now()));
        pair.apply(Side.SERVER, new EndpointEvent.CallFinished(99, pair.now()));
        assertEquals(2, pair.server().state().callsInProgress(), "finishing twice or an unknown call changes nothing");
        // a refused stream never becomes a call
        EndpointPair refusing = EndpointPair.connected(EndpointConfig.client(), EndpointConfig.server()
                .withSettings(io.grpcspec.spec.connection.Settings.DEFAULT.with(
                        new io.grpcspec.wire.Setting(io.grpcspec.wire.SettingId.MAX_CONCURRENT_STREAMS, 1)))
                .withLimits(Limits.SERVER.withMaxCallsInProgress(1)));
        attack(refusing, new HeadersFrame(1, STATIC_BLOCK, false, true), new HeadersFrame(3, STATIC_BLOCK, false, true));
        assertEquals(1, refusing.server().state().callsInProgress());
        assertFalse(refusing.server().state().readingPaused());
        // closing the connection releases every call
        attack(pair, new GoAwayFrame(0, ErrorCode.PROTOCOL_ERROR.code(), Bytes.EMPTY));
        pair.apply(Side.SERVER, new EndpointEvent.PeerClosed("gone", pair.now()));
        assertEquals(0, pair.server().state().callsInProgress());
    }

    @Test
    @Checks("LIM-1")
    void aClientKeepsNoResetBudget() {
        EndpointConfig client = EndpointConfig.client();
        assertTrue(client.limits().peerResets().off() && client.limits().sentResets().off());
        EndpointPair pair = EndpointPair.connected(client, EndpointConfig.server());
        for (int i = 0; i < 300; i++) {
            int id = EndpointStreamsTest.open(pair, EndpointStreamsTest.REQUEST, false);
            pair.apply(Side.CLIENT, new EndpointEvent.ResetStream(id, ErrorCode.CANCEL, pair.now()));
            pair.settle();
            pair.advance(SECOND); // 300 resets over 300 s: within the server's 200 per 30 s
        }
        assertFalse(pair.client().state().closed());
        assertFalse(pair.server().state().closed(), () -> pair.server().violations().toString());
        List<Violation> none = pair.server().violations();
        assertEquals(List.of(), none);
    }

    @Test
    @Checks({"LIM-1", "LIM-2", "LIM-3", "LIM-5"})
    void serverDefaultsAreTheDocumentedNumbers() {
        Limits l = EndpointConfig.server().limits();
        assertEquals(new RateBudget(200, 30 * SECOND), l.peerResets());
        assertEquals(new RateBudget(200, 30 * SECOND), l.sentResets());
        assertEquals(100, l.maxNoProgressFrames());
        assertEquals(100, l.maxCallsInProgress());
        assertEquals(LimitsRules.LIM_1.level(), io.grpcspec.spec.Rule.Level.SHOULD);
    }
}
