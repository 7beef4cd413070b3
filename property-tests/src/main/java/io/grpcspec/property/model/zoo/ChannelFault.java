package io.grpcspec.property.model.zoo;

import io.grpcspec.property.model.channel.ChannelModel;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.channel.SubchannelAction;
import io.grpcspec.spec.channel.SubchannelEvent;
import io.grpcspec.spec.channel.SubchannelMachine;
import io.grpcspec.spec.channel.SubchannelState;
import java.util.ArrayList;
import java.util.List;

/**
 * Seeded faults in the subchannel machine, emulated by rewriting the real step's actions
 * (production code is untouched), for the channel model ({@link ChannelModel}): each is caught
 * by its general checks, never by a detector that names the broken rule.
 */
public enum ChannelFault implements ChannelModel.Subchannels {

    /** A subchannel shut down in TRANSIENT_FAILURE leaves its reconnect backoff armed. */
    SHUTDOWN_KEEPS_BACKOFF_TIMER("a shut-down subchannel keeps its reconnect-backoff timer") {
        @Override
        public Step<SubchannelState> step(SubchannelState s, SubchannelEvent e) {
            Step<SubchannelState> step = SubchannelMachine.DEFAULT.step(s, e);
            if (!(e instanceof SubchannelEvent.Shutdown) || step.isViolation()) return step;
            return drop(step, a -> a instanceof SubchannelAction.CancelTimer c && c.timer() == Timer.RECONNECT_BACKOFF);
        }
    },

    /** A transport that becomes READY leaves the attempt's connect timeout armed. */
    CONNECT_TIMEOUT_KEPT_WHEN_READY("the connect timeout stays armed once the transport is READY") {
        @Override
        public Step<SubchannelState> step(SubchannelState s, SubchannelEvent e) {
            Step<SubchannelState> step = SubchannelMachine.DEFAULT.step(s, e);
            if (!(e instanceof SubchannelEvent.TransportReady) || step.isViolation()) return step;
            return drop(step, a -> a instanceof SubchannelAction.CancelTimer c && c.timer() == Timer.CONNECT_TIMEOUT);
        }
    };

    private final String description;

    ChannelFault(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    private static Step<SubchannelState> drop(Step<SubchannelState> step, java.util.function.Predicate<Action> which) {
        List<Action> out = new ArrayList<>();
        for (Action a : step.actions()) if (!which.test(a)) out.add(a);
        return Step.next(step.state(), out);
    }
}
