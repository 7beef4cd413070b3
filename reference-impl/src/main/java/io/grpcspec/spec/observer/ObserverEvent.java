package io.grpcspec.spec.observer;

import io.grpcspec.spec.Event;
import io.grpcspec.spec.Violation;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeaderField;
import java.util.List;

/**
 * What a {@link ClientObserver} is told about one connection, in the connection's order, each
 * with the driver's monotonic time. The frames are the ones the endpoint machine read and wrote;
 * the reports are the machine's own verdicts; the request details come from the call layer.
 */
public sealed interface ObserverEvent extends Event {
    long nowNanos();

    /** A frame the peer sent, as the machine received it. */
    record Received(Frame frame, long nowNanos) implements ObserverEvent {}

    /** A frame we wrote (header blocks frame by frame). */
    record Sent(Frame frame, long nowNanos) implements ObserverEvent {}

    /**
     * The machine found the peer breaking {@code violation.rule()}: answered as the violation says
     * ({@code tolerated} false), or dropped and the connection kept (the robust answer to a MAY).
     */
    record MachineReport(Violation violation, boolean tolerated, long nowNanos) implements ObserverEvent {}

    /** A request's decoded header list (the first block of a peer stream). */
    record RequestHeaders(int streamId, List<HeaderField> fields, long nowNanos) implements ObserverEvent {
        public RequestHeaders {
            fields = List.copyOf(fields);
        }
    }

    /** The server found the request's method: {@code oneRequest} when its client sends exactly one message. */
    record CallShape(int streamId, boolean oneRequest, long nowNanos) implements ObserverEvent {}

    /** Time passed: what waits for the peer may now be overdue. */
    record Tick(long nowNanos) implements ObserverEvent {}
}
