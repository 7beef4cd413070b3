package io.grpcspec.spec.keepalive;

import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Event;
import io.grpcspec.spec.Timer;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeadersFrame;

/**
 * What the connection tells the keepalive machines. All three machines ({@link KeepalivePinger},
 * {@link PingEnforcer}, {@link ConnectionManager}) take this one family, so the composed
 * connection can feed every event to each of them; a machine ignores what does not concern it.
 * Each event carries the monotonic time at which the driver saw it.
 */
public sealed interface KeepaliveEvent extends Event {

    long nowNanos();

    /** A frame was read from the peer. Every frame counts as read activity (gRFC A8 measures
     *  keepalive time from the last byte read); PING and PING ACK are also inspected. */
    record FrameReceived(Frame frame, long nowNanos) implements KeepaliveEvent {}

    /** A frame was written to the peer. HEADERS and DATA clear the server's ping strikes. */
    record FrameSent(Frame frame, long nowNanos) implements KeepaliveEvent {}

    /** The number of active streams (calls in flight) is now {@code active}. */
    record ActiveStreams(int active, long nowNanos) implements KeepaliveEvent {
        public ActiveStreams {
            if (active < 0) throw new IllegalArgumentException("negative stream count " + active);
        }
    }

    /** A timer a keepalive machine armed has fired. */
    record TimerFired(Timer timer, long nowNanos) implements KeepaliveEvent {}

    /** The connection is closed (for any reason): the machine stops its timers and goes quiet. */
    record Closed(long nowNanos) implements KeepaliveEvent {}

    /** The keepalive form of the driver's timer event. */
    static TimerFired of(Actions.TimerFired fired) {
        return new TimerFired(fired.timer(), fired.nowNanos());
    }

    /** True for the frames after which a server accepts PINGs again (gRFC A8). */
    static boolean isHeadersOrData(Frame f) {
        return f instanceof HeadersFrame || f instanceof DataFrame;
    }
}
