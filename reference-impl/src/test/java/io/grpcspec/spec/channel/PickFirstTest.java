package io.grpcspec.spec.channel;

import static io.grpcspec.spec.channel.ConnectivityState.CONNECTING;
import static io.grpcspec.spec.channel.ConnectivityState.IDLE;
import static io.grpcspec.spec.channel.ConnectivityState.READY;
import static io.grpcspec.spec.channel.ConnectivityState.SHUTDOWN;
import static io.grpcspec.spec.channel.ConnectivityState.TRANSIENT_FAILURE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.channel.BalancerAction.RequestConnection;
import io.grpcspec.spec.channel.BalancerAction.RequestReresolution;
import io.grpcspec.spec.channel.BalancerAction.ShutdownSubchannel;
import io.grpcspec.spec.channel.BalancerAction.UpdateState;
import io.grpcspec.spec.channel.BalancerEvent.ExitIdle;
import io.grpcspec.spec.channel.BalancerEvent.SubchannelUpdate;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.spec.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

class PickFirstTest {

    /** Feeds updates and returns the last step. */
    private static Step<PickFirstState> feed(PickFirstState s, BalancerEvent... events) {
        Step<PickFirstState> step = Step.next(s);
        for (BalancerEvent e : events) step = PickFirst.step(step.state(), e);
        return step;
    }

    private static PickFirstState run(PickFirstState s, BalancerEvent... events) {
        return feed(s, events).state();
    }

    private static SubchannelUpdate up(int i, ConnectivityState st) {
        return new SubchannelUpdate(i, st, st == TRANSIENT_FAILURE ? "refused " + i : "");
    }

    /** Both of two addresses failed once: sticky TRANSIENT_FAILURE. */
    private static PickFirstState allFailed() {
        return run(PickFirst.start(2).state(), up(0, CONNECTING), up(0, TRANSIENT_FAILURE), up(1, CONNECTING),
                up(1, TRANSIENT_FAILURE));
    }

    // --- CH-11 in order, first READY wins -----------------------------------------------------

    @Test
    @Checks({"CH-11"})
    void startConnectsOnlyTheFirstAddress() {
        Step<PickFirstState> step = PickFirst.start(3);
        assertEquals(List.of(new UpdateState(CONNECTING, new Picker.Wait(false)), new RequestConnection(0)), step.actions());
        assertEquals(List.of(IDLE, SHUTDOWN, SHUTDOWN), step.state().subchannels());
    }

    @Test
    @Checks({"CH-11"})
    void aFailedAddressHandsOverToTheNextOne() {
        Step<PickFirstState> step = feed(PickFirst.start(3).state(), up(0, CONNECTING), up(0, TRANSIENT_FAILURE));
        assertEquals(List.<Action>of(new RequestConnection(1)), step.actions());
        assertEquals(CONNECTING, step.state().reported());
        assertEquals(1, step.state().cursor());
    }

    @Test
    @Checks({"CH-11"})
    void theFirstReadySubchannelWinsAndTheOthersAreShutDown() {
        PickFirstState s = run(PickFirst.start(3).state(), up(0, CONNECTING), up(0, TRANSIENT_FAILURE), up(1, CONNECTING));
        Step<PickFirstState> step = PickFirst.step(s, up(1, READY));
        assertEquals(List.of(new ShutdownSubchannel(0), new UpdateState(READY, new Picker.Fixed(1))), step.actions());
        assertEquals(List.of(SHUTDOWN, READY, SHUTDOWN), step.state().subchannels());
        assertEquals(new PickResult.Use(1), step.state().picker().pick(false).result());
    }

    @Test
    @Checks({"CH-11"})
    void anEmptyAddressListIsTransientFailure() {
        Step<PickFirstState> step = PickFirst.start(0);
        assertEquals(List.of(new UpdateState(TRANSIENT_FAILURE, new Picker.Fail("name resolver produced zero addresses")),
                new RequestReresolution()), step.actions());
    }

    // --- CH-12 sticky TRANSIENT_FAILURE -------------------------------------------------------

    @Test
    @Checks({"CH-12"})
    void afterEveryAddressFailedPickFirstReportsTransientFailure() {
        PickFirstState s = run(PickFirst.start(2).state(), up(0, CONNECTING), up(0, TRANSIENT_FAILURE), up(1, CONNECTING));
        Step<PickFirstState> step = PickFirst.step(s, up(1, TRANSIENT_FAILURE));
        assertEquals(List.of(new UpdateState(TRANSIENT_FAILURE, new Picker.Fail("refused 1")), new RequestReresolution()),
                step.actions());
    }

    @Test
    @Checks({"CH-12"})
    void transientFailureStaysWhileSubchannelsReconnect() {
        PickFirstState s = allFailed();
        // Subchannel 0's backoff ends: pick_first reconnects it at once and says nothing new.
        Step<PickFirstState> step = PickFirst.step(s, up(0, IDLE));
        assertEquals(List.<Action>of(new RequestConnection(0)), step.actions());
        step = feed(step.state(), up(0, CONNECTING));
        assertEquals(List.of(), step.actions(), "CONNECTING does not end sticky TRANSIENT_FAILURE");
        assertEquals(TRANSIENT_FAILURE, step.state().reported());
        step = feed(step.state(), up(0, TRANSIENT_FAILURE));
        assertEquals(List.of(), step.actions());
        // Only READY ends it.
        step = feed(step.state(), up(1, IDLE), up(1, CONNECTING), up(1, READY));
        assertEquals(List.of(new ShutdownSubchannel(0), new UpdateState(READY, new Picker.Fixed(1))), step.actions());
    }

    @Test
    @Checks({"CH-12"})
    void subchannelsAlreadyIdleWhenThePassEndsAreReconnected() {
        PickFirstState s = run(PickFirst.start(2).state(), up(0, CONNECTING), up(0, TRANSIENT_FAILURE), up(1, CONNECTING),
                up(0, IDLE));
        Step<PickFirstState> step = PickFirst.step(s, up(1, TRANSIENT_FAILURE));
        assertEquals(List.of(new UpdateState(TRANSIENT_FAILURE, new Picker.Fail("refused 1")), new RequestReresolution(),
                new RequestConnection(0)), step.actions());
    }

    @Test
    @Checks({"CH-12"})
    void theFailingPickerFailsFastRpcsAndQueuesWaitForReadyOnes() {
        Picker p = allFailed().picker();
        assertEquals(new PickResult.Fail("refused 1"), p.pick(false).result());
        assertEquals(new PickResult.Queue(false), p.pick(true).result());
    }

    // --- CH-13 losing the READY subchannel ----------------------------------------------------

    @Test
    @Checks({"CH-13"})
    void losingTheReadySubchannelReportsIdleAndDoesNotReconnect() {
        PickFirstState s = run(PickFirst.start(2).state(), up(0, CONNECTING), up(0, READY));
        Step<PickFirstState> step = PickFirst.step(s, up(0, IDLE));
        assertEquals(List.of(new UpdateState(IDLE, new Picker.Wait(true)), new RequestReresolution()), step.actions());
        assertEquals(new PickResult.Queue(true), step.state().picker().pick(false).result());
    }

    @Test
    @Checks({"CH-13"})
    void exitIdleStartsAgainAtTheFirstAddress() {
        PickFirstState s = run(PickFirst.start(2).state(), up(0, CONNECTING), up(0, TRANSIENT_FAILURE), up(1, CONNECTING),
                up(1, READY), up(1, IDLE));
        Step<PickFirstState> step = PickFirst.step(s, new ExitIdle());
        assertEquals(List.of(new UpdateState(CONNECTING, new Picker.Wait(false)), new RequestConnection(0)), step.actions());
        assertEquals(List.of(), PickFirst.step(step.state(), new ExitIdle()).actions(), "ExitIdle only acts while IDLE");
    }

    // --- CH-1 / CH-10: refused updates --------------------------------------------------------

    @Test
    @Checks({"CH-1"})
    void anUpdateThatSkipsALegalTransitionIsRefused() {
        Violation v = PickFirst.step(PickFirst.start(2).state(), up(0, READY)).violation();
        assertEquals(new Violation(ChannelRules.CH_1, ErrorCode.INTERNAL_ERROR, Scope.CONNECTION, 0,
                "subchannel 0 moved IDLE -> READY, which is not a legal subchannel transition"), v);
    }

    @Test
    @Checks({"CH-10"})
    void updatesFromUnknownOrShutDownSubchannelsAreRefused() {
        assertEquals(new Violation(ChannelRules.CH_10, ErrorCode.INTERNAL_ERROR, Scope.CONNECTION, 0,
                "pick_first got an update for subchannel 2 but has 2 addresses"),
                PickFirst.step(PickFirst.start(2).state(), up(2, CONNECTING)).violation());
        PickFirstState ready = run(PickFirst.start(2).state(), up(0, CONNECTING), up(0, TRANSIENT_FAILURE), up(1, CONNECTING),
                up(1, READY));
        assertEquals(new Violation(ChannelRules.CH_10, ErrorCode.INTERNAL_ERROR, Scope.CONNECTION, 0,
                "pick_first got IDLE from subchannel 0, which does not exist (never created or shut down)"),
                PickFirst.step(ready, up(0, IDLE)).violation());
    }
}
