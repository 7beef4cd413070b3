package io.grpcspec.server;

import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Violation;
import io.grpcspec.transport.ConnectionListener;
import io.grpcspec.transport.Http2Connection;

/**
 * Watches a server from beside it: the server oracle ({@code oracle.serve.ClientOracle}) judges
 * every client this way. A server built with {@link ServerBuilder#observer} asks it for a
 * listener per connection, which hears every callback (and every driver step, when it asks for
 * them) before the call layer does, and tells it what the call machines report about each
 * request. The server's own answers do not depend on it; a listener may still use the connection
 * like any other (the oracle sends one PING per connection).
 *
 * <p>Called from the connections' delivery threads and the handler threads; implementations must
 * be thread-safe, quick, and must not fail (an exception is caught and traced, never passed on).
 */
public interface ServerObserver {

    /**
     * A connection named {@code name} (its peer address and a sequence number) from
     * {@code peerHost} is starting; the listener returned is its first listener.
     */
    ConnectionListener connection(String name, String peerHost);

    /**
     * The call machine of the stream reported that the client broke {@code rule}
     * ({@code CallAction.PeerFault}): a deviation it tolerates, or the reason for the gRPC status
     * that ends the call.
     */
    default void callFault(Http2Connection connection, int streamId, Rule rule, String detail) {}

    /** The call machine found the request malformed and reset the stream with the violation's code. */
    default void callViolation(Http2Connection connection, int streamId, Violation violation) {}

    /** The request's method was found; {@code oneRequest}: its client sends exactly one message. */
    default void callShape(Http2Connection connection, int streamId, boolean oneRequest) {}
}
