package io.grpcspec.spec.channel;

import java.util.Objects;

/**
 * The state of one subchannel (one address, one transport at a time).
 *
 * @param state        the connectivity state
 * @param attempt      number of the last connect attempt started (0 before the first); transport
 *                     events and timer keys name attempts by this number
 * @param backoffIndex how many backoffs have elapsed since the last reset (the {@code k} of
 *                     {@link Backoff#delayNanos}); reset to 0 when a transport becomes READY
 * @param backoffNanos the backoff drawn when the last attempt started: it sets that attempt's
 *                     connect timeout and, if it fails, the wait before the subchannel is IDLE again
 */
public record SubchannelState(ConnectivityState state, int attempt, int backoffIndex, long backoffNanos) {

    public SubchannelState {
        Objects.requireNonNull(state);
        if (attempt < 0 || backoffIndex < 0 || backoffNanos < 0) {
            throw new IllegalArgumentException("negative counter in " + state + "/" + attempt + "/" + backoffIndex + "/" + backoffNanos);
        }
    }

    /** A new subchannel: IDLE, no attempt yet, backoff at its start. */
    public static SubchannelState initial() {
        return new SubchannelState(ConnectivityState.IDLE, 0, 0, 0);
    }

    /** Whether the transport of {@link #attempt} still belongs to this subchannel (CONNECTING or READY). */
    public boolean attached() {
        return state == ConnectivityState.CONNECTING || state == ConnectivityState.READY;
    }

    SubchannelState with(ConnectivityState newState) {
        return new SubchannelState(newState, attempt, backoffIndex, backoffNanos);
    }

    SubchannelState withBackoffIndex(int index) {
        return new SubchannelState(state, attempt, index, backoffNanos);
    }
}
