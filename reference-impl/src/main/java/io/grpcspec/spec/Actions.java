package io.grpcspec.spec;

import io.grpcspec.wire.Frame;

/**
 * The actions every machine may ask for ({@link Shared}: write a frame, arm or cancel a timer,
 * close the connection, report a peer fault answered the robust way) and the timer event they
 * share. Each machine adds its own sealed family of actions beside these.
 */
public final class Actions {
    private Actions() {}

    /** The actions shared by all machines: a driver performs each of them the same way for every machine. */
    public sealed interface Shared extends Action permits WriteFrame, ArmTimer, CancelTimer, CloseConnection, PeerTolerated {}

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

    /**
     * The peer broke {@code violation.rule()} where the RFC leaves the answer open (a MAY), and the
     * robust answer was given: the offending frame got minimal processing (header blocks decoded,
     * DATA counted on the connection window) and the connection goes on. {@code code} and
     * {@code scope} say what the strict answer is; the composed endpoint gives that one instead
     * when configured for strict answers ({@code StreamConfig.strictAnswers}). A report for the
     * oracle: nothing is written.
     */
    public record PeerTolerated(Violation violation) implements Shared {}

    /** An armed timer fired at {@code nowNanos} (a monotonic time chosen by the driver). */
    public record TimerFired(Timer timer, int key, long nowNanos) implements Event {
        public TimerFired(Timer timer, long nowNanos) {
            this(timer, 0, nowNanos);
        }
    }
}
