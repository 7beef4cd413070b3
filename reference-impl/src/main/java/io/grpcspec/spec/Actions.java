package io.grpcspec.spec;

import io.grpcspec.wire.Frame;

/**
 * The actions every machine may ask for ({@link Shared}: write a frame, arm or cancel a timer,
 * close the connection) and the timer event they share. Each machine adds its own sealed family
 * of actions beside these.
 */
public final class Actions {
    private Actions() {}

    /** The actions shared by all machines: a driver performs each of them the same way for every machine. */
    public sealed interface Shared extends Action permits WriteFrame, ArmTimer, CancelTimer, CloseConnection {}

    /** Send this frame to the peer (the writer keeps frame order within one step). */
    public record WriteFrame(Frame frame) implements Shared {}

    /** Start (or restart) {@code timer}; it fires after {@code delayNanos}. {@code key} tells
     *  instances apart (a stream ID for deadlines, 0 otherwise). */
    public record ArmTimer(Timer timer, int key, long delayNanos) implements Shared {
        public ArmTimer(Timer timer, long delayNanos) {
            this(timer, 0, delayNanos);
        }
    }

    /** Stop {@code timer} if it is armed. */
    public record CancelTimer(Timer timer, int key) implements Shared {
        public CancelTimer(Timer timer) {
            this(timer, 0);
        }
    }

    /** Close the socket after everything queued before this action has been written. */
    public record CloseConnection(String reason) implements Shared {}

    /** An armed timer fired at {@code nowNanos} (a monotonic time chosen by the driver). */
    public record TimerFired(Timer timer, int key, long nowNanos) implements Event {
        public TimerFired(Timer timer, long nowNanos) {
            this(timer, 0, nowNanos);
        }
    }
}
