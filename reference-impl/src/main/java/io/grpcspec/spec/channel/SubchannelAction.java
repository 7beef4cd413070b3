package io.grpcspec.spec.channel;

import io.grpcspec.spec.Action;
import java.util.Objects;

/**
 * Effects of the subchannel machine besides the shared timer actions
 * ({@link io.grpcspec.spec.Actions.ArmTimer} and {@link io.grpcspec.spec.Actions.CancelTimer},
 * keyed by attempt number with {@code Timer.CONNECT_TIMEOUT} and {@code Timer.RECONNECT_BACKOFF}).
 */
public sealed interface SubchannelAction extends Action {

    /**
     * Open a transport for attempt {@code attempt} (TCP, optional TLS, HTTP/2 preface + SETTINGS).
     * {@code connectTimeoutNanos} is also armed as {@code CONNECT_TIMEOUT}; a dialer may use it
     * as its own socket timeout.
     */
    record StartConnect(int attempt, long connectTimeoutNanos) implements SubchannelAction {}

    /** Close the transport of {@code attempt} (gracefully if it was ready). */
    record CloseTransport(int attempt, String reason) implements SubchannelAction {
        public CloseTransport {
            Objects.requireNonNull(reason);
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
}
