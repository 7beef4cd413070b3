package io.grpcspec.spec.keepalive;

import static io.grpcspec.spec.keepalive.Durations.HOUR;
import static io.grpcspec.spec.keepalive.Durations.MINUTE;
import static io.grpcspec.spec.keepalive.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.keepalive.EnforcerState.Phase;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.spec.Rule;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PingEnforcerTest {

    static final long T0 = 7_000 * SECOND;

    /** A connection under {@code policy} with {@code streams} open. */
    static EnforcerState with(EnforcementPolicy policy, int streams) {
        return PingEnforcer.step(PingEnforcer.start(policy), new KeepaliveEvent.ActiveStreams(streams, T0)).state();
    }

    static KeepaliveEvent ping(long at) {
        return new KeepaliveEvent.FrameReceived(new PingFrame(false, 42), at);
    }

    static KeepaliveEvent sent(Frame f, long at) {
        return new KeepaliveEvent.FrameSent(f, at);
    }

    /** Feeds the events in order; returns every step (the last state is the last step's). */
    static List<Step<EnforcerState>> run(EnforcerState s, KeepaliveEvent... events) {
        List<Step<EnforcerState>> steps = new ArrayList<>();
        for (KeepaliveEvent e : events) {
            Step<EnforcerState> step = PingEnforcer.step(s, e);
            steps.add(step);
            s = step.state();
        }
        return steps;
    }

    static List<Action> tooManyPings(Rule broken, int strikes, long minInterval) {
        return List.of(new KeepaliveAction.GoAway(ErrorCode.ENHANCE_YOUR_CALM, Bytes.ofAscii("too_many_pings"), broken),
                new Actions.CloseConnection("too_many_pings: strike " + strikes + ", a PING within "
                        + Durations.format(minInterval) + " of the last valid one"));
    }

    static EnforcerState last(List<Step<EnforcerState>> steps) {
        return steps.get(steps.size() - 1).state();
    }

    @Test
    @Checks({"KA-9", "KA-11"})
    void thirdEarlyPingWithCallsOpenEndsTheConnectionNotTheSecond() {
        List<Step<EnforcerState>> steps = run(with(EnforcementPolicy.DEFAULT, 1),
                ping(T0), ping(T0 + MINUTE), ping(T0 + 2 * MINUTE), ping(T0 + 3 * MINUTE));
        assertEquals(List.of(), steps.get(0).actions()); // first PING: nothing to measure from
        assertEquals(0, steps.get(0).state().strikes());
        assertEquals(List.of(), steps.get(1).actions());
        assertEquals(1, steps.get(1).state().strikes());
        assertEquals(List.of(), steps.get(2).actions());
        assertEquals(2, steps.get(2).state().strikes());
        assertEquals(Phase.ENFORCING, steps.get(2).state().phase());
        assertEquals(tooManyPings(KeepaliveRules.KA_9, 3, 5 * MINUTE), steps.get(3).actions());
        assertEquals(Phase.CLOSED, steps.get(3).state().phase());
    }

    @Test
    @Checks({"KA-9"})
    void pingsExactlyMinTimeApartAreFine() {
        List<Step<EnforcerState>> steps = run(with(EnforcementPolicy.DEFAULT, 1),
                ping(T0), ping(T0 + 5 * MINUTE), ping(T0 + 10 * MINUTE), ping(T0 + 15 * MINUTE), ping(T0 + 20 * MINUTE));
        for (Step<EnforcerState> s : steps) assertEquals(List.of(), s.actions());
        assertEquals(0, last(steps).strikes());
        assertEquals(T0 + 20 * MINUTE, last(steps).lastValidPingNanos());
    }

    /**
     * The documented choice: a strike does not move the reference time. grpc-go moves it on
     * every PING, so there the PING at 5 min (4 min after the stray one at 1 min) would be a
     * strike too and the PING at 6 min the third: GOAWAY. Here the 5-min PING is valid (5 min
     * after the valid one at 0) and the connection survives with two strikes.
     */
    @Test
    @Checks({"KA-9"})
    void aStrikeDoesNotMoveTheReferenceTime() {
        List<Step<EnforcerState>> steps = run(with(EnforcementPolicy.DEFAULT, 1),
                ping(T0), ping(T0 + MINUTE), ping(T0 + 5 * MINUTE), ping(T0 + 6 * MINUTE));
        assertEquals(1, steps.get(1).state().strikes());
        assertEquals(T0, steps.get(1).state().lastValidPingNanos());
        assertEquals(1, steps.get(2).state().strikes()); // grpc-go: 2
        assertEquals(T0 + 5 * MINUTE, steps.get(2).state().lastValidPingNanos());
        for (Step<EnforcerState> s : steps) assertEquals(List.of(), s.actions()); // grpc-go: GOAWAY at 6 min
        assertEquals(2, last(steps).strikes());
        assertEquals(Phase.ENFORCING, last(steps).phase());
    }

    @Test
    @Checks({"KA-10", "KA-11"})
    void withoutStreamsPingsCloserThanTwoHoursStrike() {
        List<Step<EnforcerState>> steps = run(with(EnforcementPolicy.DEFAULT, 0),
                ping(T0), ping(T0 + 30 * MINUTE), ping(T0 + HOUR), ping(T0 + 90 * MINUTE));
        assertEquals(List.of(), steps.get(2).actions());
        assertEquals(2, steps.get(2).state().strikes());
        // 90 min after the last valid PING: fine with streams (5 min), a strike without.
        assertEquals(tooManyPings(KeepaliveRules.KA_10, 3, 2 * HOUR), steps.get(3).actions());
    }

    @Test
    @Checks({"KA-10"})
    void withoutStreamsPingsTwoHoursApartOrPermittedPingsAreFine() {
        List<Step<EnforcerState>> apart = run(with(EnforcementPolicy.DEFAULT, 0),
                ping(T0), ping(T0 + 2 * HOUR), ping(T0 + 4 * HOUR), ping(T0 + 6 * HOUR));
        assertEquals(0, last(apart).strikes());
        EnforcementPolicy permit = new EnforcementPolicy(5 * MINUTE, true);
        List<Step<EnforcerState>> permitted = run(with(permit, 0),
                ping(T0), ping(T0 + 5 * MINUTE), ping(T0 + 10 * MINUTE), ping(T0 + 15 * MINUTE));
        assertEquals(0, last(permitted).strikes());
        for (Step<EnforcerState> s : permitted) assertEquals(List.of(), s.actions());
    }

    @Test
    @Checks({"KA-10"})
    void theStreamCountAtThePingDecidesTheInterval() {
        // 10 min apart: fine while a call is open, a strike once it has ended.
        EnforcerState s = run(with(EnforcementPolicy.DEFAULT, 1), ping(T0), ping(T0 + 10 * MINUTE)).get(1).state();
        assertEquals(0, s.strikes());
        s = PingEnforcer.step(s, new KeepaliveEvent.ActiveStreams(0, T0 + 11 * MINUTE)).state();
        assertEquals(1, PingEnforcer.step(s, ping(T0 + 20 * MINUTE)).state().strikes());
    }

    @Test
    @Checks({"KA-11"})
    void afterTheGoAwayNothingMoreHappens() {
        EnforcerState closed = last(run(with(EnforcementPolicy.DEFAULT, 1),
                ping(T0), ping(T0 + 1), ping(T0 + 2), ping(T0 + 3)));
        assertEquals(Phase.CLOSED, closed.phase());
        assertEquals(List.of(), PingEnforcer.step(closed, ping(T0 + 4)).actions());
        assertEquals(closed, PingEnforcer.step(closed, ping(T0 + 4)).state());
    }

    @Test
    @Checks({"KA-12"})
    void sendingHeadersOrDataClearsTheStrikes() {
        for (Frame reset : List.of(new HeadersFrame(1, Bytes.EMPTY, false, true), new DataFrame(1, Bytes.ofAscii("x"), false))) {
            List<Step<EnforcerState>> steps = run(with(EnforcementPolicy.DEFAULT, 1),
                    ping(T0), ping(T0 + SECOND), ping(T0 + 2 * SECOND), // two strikes
                    sent(reset, T0 + 3 * SECOND),
                    ping(T0 + 4 * SECOND),                              // accepted unchecked
                    ping(T0 + 5 * SECOND), ping(T0 + 6 * SECOND));      // two fresh strikes, no GOAWAY
            assertEquals(2, steps.get(2).state().strikes());
            assertEquals(0, steps.get(3).state().strikes());
            assertEquals(0, steps.get(4).state().strikes());
            assertEquals(T0 + 4 * SECOND, steps.get(4).state().lastValidPingNanos());
            for (Step<EnforcerState> s : steps) assertEquals(List.of(), s.actions(), reset.typeName());
            assertEquals(2, last(steps).strikes());
        }
    }

    @Test
    @Checks({"KA-12"})
    void otherFramesSentOrHeadersReceivedDoNotClearStrikes() {
        List<Step<EnforcerState>> steps = run(with(EnforcementPolicy.DEFAULT, 1),
                ping(T0), ping(T0 + SECOND), ping(T0 + 2 * SECOND),
                sent(new PingFrame(true, 42), T0 + 3 * SECOND),
                sent(SettingsFrame.of(), T0 + 3 * SECOND),
                sent(new WindowUpdateFrame(0, 100), T0 + 3 * SECOND),
                new KeepaliveEvent.FrameReceived(new HeadersFrame(3, Bytes.EMPTY, false, true), T0 + 3 * SECOND),
                new KeepaliveEvent.FrameReceived(new PingFrame(true, 1), T0 + 3 * SECOND), // ACKs are not judged
                ping(T0 + 4 * SECOND));
        assertEquals(2, steps.get(7).state().strikes());
        assertEquals(tooManyPings(KeepaliveRules.KA_9, 3, 5 * MINUTE), steps.get(8).actions());
    }
}
