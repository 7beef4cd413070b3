package io.grpcspec.spec.channel;

import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Event;
import io.grpcspec.spec.Timer;
import java.util.Objects;

/**
 * Inputs of the subchannel machine. Transport events name the attempt they belong to and say
 * only what happened to the transport; what it means for the subchannel (a failed attempt, a
 * ready transport lost, a report of an attempt already given up) is the machine's call (CH-4,
 * CH-5, CH-10), not the driver's.
 */
public sealed interface SubchannelEvent extends Event {

    /**
     * The balancer asks for a connection. {@code jitter} in [-1, 1] is the driver's uniform random
     * draw for this attempt's backoff (used only if the subchannel is IDLE).
     */
    record Connect(double jitter) implements SubchannelEvent {
        public Connect {
            Backoff.checkJitterInput(jitter);
        }
    }

    /** The dialer returned the attempt's transport (the connection exists; its handshake may still run). */
    record TransportCreated(int attempt) implements SubchannelEvent {}

    /** The attempt's transport received the server's SETTINGS frame: the HTTP/2 handshake is done. */
    record TransportReady(int attempt) implements SubchannelEvent {}

    /**
     * The attempt's transport is gone, or never came to be: dial or TLS error, bad preface, EOF,
     * I/O error, keepalive timeout, connection error. Whether it had been ready does not matter here.
     */
    record TransportClosed(int attempt, String cause) implements SubchannelEvent {
        public TransportClosed {
            Objects.requireNonNull(cause);
        }
    }

    /** The attempt's transport received GOAWAY: it drains its streams but takes no new ones. */
    record GoAwayReceived(int attempt, String cause) implements SubchannelEvent {
        public GoAwayReceived {
            Objects.requireNonNull(cause);
        }
    }

    /**
     * A timer armed by this machine fired; {@code key} is the attempt number it was armed with.
     * The reconnect-backoff-elapsed event is {@code TimerFired(RECONNECT_BACKOFF, attempt)}.
     */
    record TimerFired(Timer timer, int key) implements SubchannelEvent {
        public TimerFired {
            Objects.requireNonNull(timer);
        }

        public static TimerFired of(Actions.TimerFired fired) {
            return new TimerFired(fired.timer(), fired.key());
        }
    }

    /** Forget the backoff (grpc-go ResetConnectBackoff / grpc-java resetConnectBackoff). */
    record ResetBackoff() implements SubchannelEvent {}

    /** The subchannel is no longer wanted. */
    record Shutdown() implements SubchannelEvent {}
}
