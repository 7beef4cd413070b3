package io.grpcspec.spec.driver;

import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.stream.Closure;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeaderField;
import java.util.List;

/**
 * What the {@link EndpointDriver} asks of whoever runs it: the socket transport performs each
 * effect, the model checker interprets it. Effects come in the machine's order; writes
 * ({@link WritePreface}, {@link WriteFrame}, {@link WriteBlock}) and {@link Close} must reach the
 * byte stream in that order, deliveries must reach the layer above in that order.
 */
public sealed interface Effect {

    // ---- the byte stream

    /** Write the 24-octet client connection preface. */
    record WritePreface() implements Effect {}

    /** Write one frame. */
    record WriteFrame(Frame frame) implements Effect {}

    /**
     * Write a header block: a HEADERS frame and its CONTINUATION frames, already cut at the
     * peer's SETTINGS_MAX_FRAME_SIZE, as one item that nothing may interleave (RFC 9113 §4.3).
     */
    record WriteBlock(int streamId, List<Frame> frames) implements Effect {
        public WriteBlock {
            frames = List.copyOf(frames);
        }
    }

    /** Close the byte stream once everything written before has gone out. Nothing is written after it. */
    record Close(String reason) implements Effect {}

    /** From now on accept frames up to this payload size (our SETTINGS_MAX_FRAME_SIZE, acknowledged by the peer). */
    record ReadLimit(int maxFrameSize) implements Effect {}

    // ---- timers

    /** Start (or restart) a timer: feed {@code TimerFired(timer, key)} back after {@code delayNanos}; never for Long.MAX_VALUE. */
    record ArmTimer(Timer timer, int key, long delayNanos) implements Effect {}

    /** Stop a timer. A late {@code TimerFired} for it is dropped by the driver anyway. */
    record CancelTimer(Timer timer, int key) implements Effect {}

    // ---- deliveries to the layer above

    /** The peer's SETTINGS arrived: streams may be used. */
    record Ready() implements Effect {}

    /** A decoded header list on a stream; {@code trailers} marks the stream's second block. */
    record Headers(int streamId, List<HeaderField> fields, boolean endStream, boolean trailers) implements Effect {
        public Headers {
            fields = List.copyOf(fields);
        }
    }

    /** DATA payload (padding removed). */
    record Data(int streamId, Bytes data, boolean endStream) implements Effect {}

    /** The peer reset the stream with this raw error code. */
    record PeerReset(int streamId, long errorCode) implements Effect {}

    /** The stream reached "closed" ({@code how} says why); nothing more comes for it. */
    record StreamClosed(int streamId, Closure how) implements Effect {}

    /** The peer sent GOAWAY. */
    record GoingAway(int lastStreamId, long errorCode, Bytes debugData) implements Effect {}

    /** Locally opened streams the peer never processed (safe to retry elsewhere). */
    record NotProcessed(List<Integer> streamIds) implements Effect {
        public NotProcessed {
            streamIds = List.copyOf(streamIds);
        }
    }

    /** The peer broke a rule; the machine has answered it already (GOAWAY or RST_STREAM). */
    record PeerViolation(Violation violation) implements Effect {}

    /**
     * The peer broke a rule whose answer the RFC leaves open, and the machine gave the robust one:
     * the frame was dropped and the connection goes on ({@code violation}'s code and scope are
     * the strict answer, not given). For reports; nothing to perform.
     */
    record PeerTolerated(Violation violation) implements Effect {}

    /** A PING we sent came back. */
    record PingAcked(long payload) implements Effect {}

    /** Keepalive declared the connection dead. */
    record ConnectionBroken(String description) implements Effect {}

    /** The stream {@code OpenStream} asked for got this identifier and its HEADERS are on their way. */
    record StreamStarted(int streamId) implements Effect {}

    /** DATA octets of the stream still waiting for flow-control credit, after this step. */
    record Pending(int streamId, int bytes) implements Effect {}

    /** The local request {@code event} was refused: {@code violation} says which rule and why. Nothing changed. */
    record Refused(EndpointEvent event, Violation violation) implements Effect {}
}
