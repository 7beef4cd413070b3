package io.grpcspec.spec.channel;

import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Event;
import io.grpcspec.spec.Timer;
import java.util.Objects;

/**
 * Inputs of the subchannel machine. Transport events name the attempt they belong to, so the
 * machine can tell the current transport from one it has already given up on (CH-10).
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

    /** The attempt's transport received the server's SETTINGS frame: the HTTP/2 handshake is done. */
    record TransportReady(int attempt) implements SubchannelEvent {}

    /** The attempt ended before it was ready (TCP/TLS error, bad preface, closed during the handshake). */
    record TransportFailed(int attempt, String cause) implements SubchannelEvent {
        public TransportFailed {
            Objects.requireNonNull(cause);
        }
    }

    /** A transport that was ready has closed (EOF, I/O error, keepalive timeout, connection error). */
    record TransportClosed(int attempt, String cause) implements SubchannelEvent {
        public TransportClosed {
            Objects.requireNonNull(cause);
        }
    }

    /** A ready transport received GOAWAY: it drains its streams but takes no new ones. */
    record GoAwayReceived(int attempt) implements SubchannelEvent {}

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
