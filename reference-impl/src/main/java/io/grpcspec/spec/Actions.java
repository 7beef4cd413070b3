package io.grpcspec.spec;

import io.grpcspec.wire.Frame;

/** Actions and events every machine shares. */
public final class Actions {
    private Actions() {}

    /** Send this frame to the peer (the writer keeps frame order within one step). */
    public record WriteFrame(Frame frame) implements Action {}

    /** Start (or restart) {@code timer}; it fires after {@code delayNanos}. {@code key} tells
     *  instances apart (a stream ID for deadlines, 0 otherwise). */
    public record ArmTimer(Timer timer, int key, long delayNanos) implements Action {
        public ArmTimer(Timer timer, long delayNanos) {
            this(timer, 0, delayNanos);
        }
    }

    /** Stop {@code timer} if it is armed. */
    public record CancelTimer(Timer timer, int key) implements Action {
        public CancelTimer(Timer timer) {
            this(timer, 0);
        }
    }

    /** Close the socket after everything queued before this action has been written. */
    public record CloseConnection(String reason) implements Action {}

    /** An armed timer fired at {@code nowNanos} (a monotonic time chosen by the driver). */
    public record TimerFired(Timer timer, int key, long nowNanos) implements Event {
        public TimerFired(Timer timer, long nowNanos) {
            this(timer, 0, nowNanos);
        }
    }
}
