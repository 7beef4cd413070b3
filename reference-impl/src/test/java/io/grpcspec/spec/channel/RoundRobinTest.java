package io.grpcspec.spec.channel;

import static io.grpcspec.spec.channel.ConnectivityState.CONNECTING;
import static io.grpcspec.spec.channel.ConnectivityState.IDLE;
import static io.grpcspec.spec.channel.ConnectivityState.READY;
import static io.grpcspec.spec.channel.ConnectivityState.TRANSIENT_FAILURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.channel.BalancerAction.RequestConnection;
import io.grpcspec.spec.channel.BalancerAction.RequestReresolution;
import io.grpcspec.spec.channel.BalancerAction.UpdateState;
import io.grpcspec.spec.channel.BalancerEvent.ExitIdle;
import io.grpcspec.spec.channel.BalancerEvent.SubchannelUpdate;
import io.grpcspec.testing.Checks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinTest {

    private static Step<RoundRobinState> feed(RoundRobinState s, BalancerEvent... events) {
        Step<RoundRobinState> step = Step.next(s);
        for (BalancerEvent e : events) step = RoundRobin.step(step.state(), e);
        return step;
    }

    private static SubchannelUpdate up(int i, ConnectivityState st) {
        return new SubchannelUpdate(i, st, st == TRANSIENT_FAILURE ? "refused " + i : "");
    }

    private static RoundRobinState three() {
        return RoundRobin.start(3).state();
    }

    @Test
    @Checks({"CH-15"})
    void startConnectsEverySubchannelAtOnce() {
        assertEquals(List.of(new RequestConnection(0), new RequestConnection(1), new RequestConnection(2),
                new UpdateState(CONNECTING, new Picker.Wait(false))), RoundRobin.start(3).actions());
    }

    @Test
    @Checks({"CH-14"})
    void anyReadySubchannelMakesTheChannelReady() {
        Step<RoundRobinState> step = feed(three(), up(0, CONNECTING), up(1, CONNECTING), up(1, TRANSIENT_FAILURE), up(0, READY));
        assertEquals(List.<Action>of(new UpdateState(READY, new Picker.RoundRobin(List.of(0), 0))), step.actions());
        step = feed(step.state(), up(2, CONNECTING), up(2, READY));
        assertEquals(List.<Action>of(new UpdateState(READY, new Picker.RoundRobin(List.of(0, 2), 0))), step.actions());
    }

    @Test
    @Checks({"CH-14"})
    void withoutReadyAConnectingOrIdleSubchannelMeansConnecting() {
        Step<RoundRobinState> step = feed(three(), up(0, CONNECTING), up(0, TRANSIENT_FAILURE), up(1, CONNECTING),
                up(1, TRANSIENT_FAILURE));
        assertEquals(CONNECTING, step.state().reported(), "subchannel 2 is still IDLE");
        step = feed(step.state(), up(2, CONNECTING), up(2, TRANSIENT_FAILURE));
        assertEquals(List.of(new RequestReresolution(), new UpdateState(TRANSIENT_FAILURE, new Picker.Fail("refused 2"))),
                step.actions());
    }

    @Test
    @Checks({"CH-14"})
    void aFailedSubchannelCountsAsFailedUntilReady() {
        RoundRobinState s = feed(RoundRobin.start(2).state(), up(0, CONNECTING), up(0, TRANSIENT_FAILURE), up(1, CONNECTING),
                up(1, TRANSIENT_FAILURE)).state();
        assertEquals(TRANSIENT_FAILURE, s.reported());
        Step<RoundRobinState> step = RoundRobin.step(s, up(0, IDLE));
        assertEquals(List.of(new RequestConnection(0), new RequestReresolution()), step.actions(),
                "reconnecting, but no flap to CONNECTING");
        step = feed(step.state(), up(0, CONNECTING));
        assertEquals(List.of(), step.actions());
        assertEquals(List.of(TRANSIENT_FAILURE, TRANSIENT_FAILURE), step.state().effective());
        step = feed(step.state(), up(0, READY));
        assertEquals(List.<Action>of(new UpdateState(READY, new Picker.RoundRobin(List.of(0), 0))), step.actions());
    }

    @Test
    @Checks({"CH-14"})
    void anEmptyAddressListIsTransientFailure() {
        assertEquals(List.of(new UpdateState(TRANSIENT_FAILURE, new Picker.Fail("name resolver produced zero addresses")),
                new RequestReresolution()), RoundRobin.start(0).actions());
    }

    @Test
    @Checks({"CH-15"})
    void thePickerHandsOutReadySubchannelsInTurn() {
        Picker p = new Picker.RoundRobin(List.of(0, 2, 5), 0);
        List<PickResult> got = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Picker.Picked picked = p.pick(false);
            got.add(picked.result());
            p = picked.next();
        }
        assertEquals(List.of(new PickResult.Use(0), new PickResult.Use(2), new PickResult.Use(5), new PickResult.Use(0),
                new PickResult.Use(2), new PickResult.Use(5), new PickResult.Use(0)), got);
    }

    @Test
    @Checks({"CH-15"})
    void thePickerStartsWhereTheUniformInputSays() {
        Picker.RoundRobin p = new Picker.RoundRobin(List.of(1, 3, 4, 6), 0);
        assertEquals(0, p.startingAt(0.0).next());
        assertEquals(2, p.startingAt(0.5).next());
        assertEquals(3, p.startingAt(0.9999).next());
        assertThrows(IllegalArgumentException.class, () -> p.startingAt(1.0));
    }

    @Test
    @Checks({"CH-15"})
    void aReadySubchannelThatGoesIdleIsReconnectedAndLeavesThePicker() {
        RoundRobinState s = feed(three(), up(0, CONNECTING), up(0, READY), up(1, CONNECTING), up(1, READY)).state();
        Step<RoundRobinState> step = RoundRobin.step(s, up(0, IDLE));
        assertEquals(List.of(new RequestConnection(0), new RequestReresolution(),
                new UpdateState(READY, new Picker.RoundRobin(List.of(1), 0))), step.actions());
        assertEquals(List.of(), RoundRobin.step(step.state(), new ExitIdle()).actions());
    }

    @Test
    @Checks({"CH-1", "CH-10"})
    void illegalAndUnknownUpdatesAreRefused() {
        assertEquals(ChannelRules.CH_1, RoundRobin.step(three(), up(0, READY)).violation().rule());
        assertEquals(ChannelRules.CH_10, RoundRobin.step(three(), up(3, CONNECTING)).violation().rule());
    }
}
