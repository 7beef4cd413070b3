package io.grpcspec.spec.channel;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Timer;
import java.util.Objects;

/**
 * Everything the subchannel machine asks its driver to do. Timers are
 * {@code Timer.CONNECT_TIMEOUT} and {@code Timer.RECONNECT_BACKOFF}, keyed by attempt number.
 */
public sealed interface SubchannelAction extends Action {

    /**
     * Open a transport for attempt {@code attempt} (TCP, optional TLS, HTTP/2 preface + SETTINGS).
     * {@code connectTimeoutNanos} is also armed as {@code CONNECT_TIMEOUT}; a dialer may use it
     * as its own socket timeout.
     */
    record StartConnect(int attempt, long connectTimeoutNanos) implements SubchannelAction {}

    /** Close the transport of {@code attempt} (gracefully if it was ready), now or once the dialer returns it. */
    record CloseTransport(int attempt, String reason) implements SubchannelAction {
        public CloseTransport {
            Objects.requireNonNull(reason);
        }
    }

    /** Start (or restart) {@code timer} for {@code attempt}; it fires after {@code delayNanos}. */
    record ArmTimer(Timer timer, int attempt, long delayNanos) implements SubchannelAction {
        public ArmTimer {
            Objects.requireNonNull(timer);
        }
    }

    /** Stop {@code timer} of {@code attempt} if it is armed. */
    record CancelTimer(Timer timer, int attempt) implements SubchannelAction {
        public CancelTimer {
            Objects.requireNonNull(timer);
        }
    }

    /** Tell the balancer the subchannel moved; {@code cause} says why it failed ("" otherwise). */
    record StateChanged(ConnectivityState from, ConnectivityState to, String cause) implements SubchannelAction {
        public StateChanged {
            Objects.requireNonNull(from);
            Objects.requireNonNull(to);
            Objects.requireNonNull(cause);
        }
    }

    /** The event was about an attempt or a timer the subchannel has left behind ({@link ChannelRules#CH_10}); why. */
    record Ignored(String reason) implements SubchannelAction {
        public Ignored {
            Objects.requireNonNull(reason);
        }
    }
}
