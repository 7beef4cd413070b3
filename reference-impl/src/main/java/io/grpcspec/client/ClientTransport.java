package io.grpcspec.client;

import io.grpcspec.spec.driver.StreamReport;
import io.grpcspec.spec.grpc.CallAction;
import io.grpcspec.wire.GoAwayFrame;
import java.util.function.BooleanSupplier;

/**
 * What the channel needs from one client connection: open streams, perform the call machine's
 * stream actions (frames, resets, credit), close. A stream's events reach its call as
 * {@link StreamReport}s; {@code spec.driver.CallDriver} translates in both directions.
 * The real one is {@link Http2ClientTransport} over the spec-driven {@code Http2Connection};
 * tests use an in-memory fake. Methods never block except {@link #awaitWritable}.
 */
public interface ClientTransport {

    /**
     * Opens a stream with the call machine's request header block; the stream's events go to
     * {@code handler} (possibly before this method returns). While the server's
     * SETTINGS_MAX_CONCURRENT_STREAMS is reached, waits up to {@code quotaWaitNanos} for a stream
     * to close (RFC 9113 §5.1.2: a client must not exceed it). {@link Opened#refused()} is
     * non-null when no stream could be opened (connection closing, no quota in time); nothing
     * reached the peer then.
     */
    Opened newStream(CallAction.OpenStream open, StreamHandler handler, long quotaWaitNanos) throws InterruptedException;

    /** The outcome of {@link #newStream}. */
    record Opened(int streamId, String refused) {
        public boolean ok() {
            return refused == null;
        }
    }

    /**
     * Performs one of the call machine's actions on the stream (DATA, END_STREAM, RST_STREAM,
     * returned credit), never an {@code OpenStream}; DATA is queued and leaves as flow control
     * allows. False when the stream is already gone or the connection refused the request.
     */
    boolean request(int streamId, CallAction.OnStream action);

    /** Back-pressure: waits while too many of the stream's bytes wait for credit; false on giving up. */
    boolean awaitWritable(int streamId, long timeoutNanos, BooleanSupplier cancelled) throws InterruptedException;

    /** GOAWAY and close (graceful: after the open streams end). */
    void shutdown(boolean graceful);

    /** Peer address and name, for messages. */
    String describe();

    /**
     * Events of one stream, in order: headers, data, a reset, "not processed" (the server's GOAWAY
     * excludes it: it may be sent again elsewhere), the connection's end. Called one at a time,
     * from transport threads: must not block.
     */
    @FunctionalInterface
    interface StreamHandler {
        void on(StreamReport report);
    }

    /** Events of the connection, for its subchannel. */
    interface Listener {
        /** The server's SETTINGS arrived (HTTP/2 handshake complete): streams may be opened. */
        void onReady(ClientTransport transport);

        /**
         * The server sent GOAWAY: no new streams here. {@code goAway} is the frame itself (the
         * channel reads its code and debug data: gRFC A8 "too_many_pings"), {@code why} a
         * description for messages.
         */
        void onGoAway(ClientTransport transport, GoAwayFrame goAway, String why);

        /** The connection is closed; called once, last. */
        void onClosed(ClientTransport transport, String why);
    }
}
