package io.grpcspec.transport;

import io.grpcspec.spec.Violation;
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

    /** A PING we sent came back. */
    default void onPingAcked(Http2Connection connection, long payload) {}

    /** Keepalive declared the connection dead. */
    default void onConnectionBroken(Http2Connection connection, String description) {}

    /** The socket is closed; called exactly once, last. */
    default void onClosed(Http2Connection connection, String reason) {}
}
