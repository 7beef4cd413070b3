package io.grpcspec.transport;

import io.grpcspec.spec.Violation;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.stream.Closure;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.util.List;

/**
 * What a connection hands to the layer above (the server's call dispatcher or the client's
 * calls). Called outside the connection's lock, one call at a time, in the order the machine
 * produced them; an implementation must not block for long (hand work to an executor).
 */
public interface ConnectionListener {

    /**
     * The connection's {@code Start} was stepped (a server's SETTINGS are queued) and nothing has
     * been read yet; called once, first, on the thread that started the connection.
     */
    default void onStarted(Http2Connection connection) {}

    /** The peer's first SETTINGS arrived; streams may be used. */
    default void onReady(Http2Connection connection) {}

    /** A decoded header block; {@code trailers} marks the stream's second block. */
    default void onHeaders(Http2Connection connection, int streamId, List<HeaderField> fields, boolean endStream, boolean trailers) {}

    /** DATA payload (padding removed). Credit returns when the receiver calls {@link Http2Connection#consumed}. */
    default void onData(Http2Connection connection, int streamId, Bytes data, boolean endStream) {}

    /** The peer reset the stream. */
    default void onPeerReset(Http2Connection connection, int streamId, long errorCode) {}

    /** The stream reached "closed" ({@code how} says why); no more events for it follow. */
    default void onStreamClosed(Http2Connection connection, int streamId, Closure how) {}

    /** The peer sent GOAWAY. */
    default void onGoAway(Http2Connection connection, int lastStreamId, long errorCode, Bytes debugData) {}

    /** Locally opened streams the peer never processed (safe to retry elsewhere). */
    default void onStreamsNotProcessed(Http2Connection connection, List<Integer> streamIds) {}

    /** The peer broke a rule; the machine has answered it already. */
    default void onPeerViolation(Http2Connection connection, Violation violation) {}

    /**
     * The peer broke a rule whose answer the RFC leaves open; the machine dropped the offending
     * frame and keeps the connection (the robust answer).
     */
    default void onPeerTolerated(Http2Connection connection, Violation violation) {}

    /** A PING we sent came back. */
    default void onPingAcked(Http2Connection connection, long payload) {}

    /** Keepalive declared the connection dead. */
    default void onConnectionBroken(Http2Connection connection, String description) {}

    /** The socket is closed; called exactly once, last. */
    default void onClosed(Http2Connection connection, String reason) {}

    /** True when this listener wants {@link #onStep} (an observer such as the oracle). */
    default boolean observesSteps() {
        return false;
    }

    /**
     * One step of the connection's driver: the event the machine was given (with its time) and
     * every effect it produced, before the other callbacks of that step. Only when
     * {@link #observesSteps()}.
     */
    default void onStep(Http2Connection connection, EndpointEvent event, List<Effect> effects) {}

    /**
     * A listener that forwards every callback to {@code first}, then to {@code second}; a
     * failure of {@code first} does not keep {@code second} from hearing it (the failure is
     * passed on after).
     */
    static ConnectionListener both(ConnectionListener first, ConnectionListener second) {
        return new ConnectionListener() {
            @Override
            public void onStarted(Http2Connection c) {
                each(first, second, l -> l.onStarted(c));
            }

            @Override
            public void onReady(Http2Connection c) {
                each(first, second, l -> l.onReady(c));
            }

            @Override
            public void onHeaders(Http2Connection c, int streamId, List<HeaderField> fields, boolean endStream, boolean trailers) {
                each(first, second, l -> l.onHeaders(c, streamId, fields, endStream, trailers));
            }

            @Override
            public void onData(Http2Connection c, int streamId, Bytes data, boolean endStream) {
                each(first, second, l -> l.onData(c, streamId, data, endStream));
            }

            @Override
            public void onPeerReset(Http2Connection c, int streamId, long errorCode) {
                each(first, second, l -> l.onPeerReset(c, streamId, errorCode));
            }

            @Override
            public void onStreamClosed(Http2Connection c, int streamId, Closure how) {
                each(first, second, l -> l.onStreamClosed(c, streamId, how));
            }

            @Override
            public void onGoAway(Http2Connection c, int lastStreamId, long errorCode, Bytes debugData) {
                each(first, second, l -> l.onGoAway(c, lastStreamId, errorCode, debugData));
            }

            @Override
            public void onStreamsNotProcessed(Http2Connection c, List<Integer> streamIds) {
                each(first, second, l -> l.onStreamsNotProcessed(c, streamIds));
            }

            @Override
            public void onPeerViolation(Http2Connection c, Violation violation) {
                each(first, second, l -> l.onPeerViolation(c, violation));
            }

            @Override
            public void onPeerTolerated(Http2Connection c, Violation violation) {
                each(first, second, l -> l.onPeerTolerated(c, violation));
            }

            @Override
            public void onPingAcked(Http2Connection c, long payload) {
                each(first, second, l -> l.onPingAcked(c, payload));
            }

            @Override
            public void onConnectionBroken(Http2Connection c, String description) {
                each(first, second, l -> l.onConnectionBroken(c, description));
            }

            @Override
            public void onClosed(Http2Connection c, String reason) {
                each(first, second, l -> l.onClosed(c, reason));
            }

            @Override
            public boolean observesSteps() {
                return first.observesSteps() || second.observesSteps();
            }

            @Override
            public void onStep(Http2Connection c, EndpointEvent event, List<Effect> effects) {
                try {
                    if (first.observesSteps()) first.onStep(c, event, effects);
                } finally {
                    if (second.observesSteps()) second.onStep(c, event, effects);
                }
            }
        };
    }

    /** Tells {@code first}, then {@code second} even if {@code first} threw (what {@link #both} promises). */
    private static void each(ConnectionListener first, ConnectionListener second, java.util.function.Consumer<ConnectionListener> call) {
        try {
            call.accept(first);
        } finally {
            call.accept(second);
        }
    }
}
