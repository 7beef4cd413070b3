package io.grpcspec.client;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the channel needs from one client connection: open streams, move bytes, reset, close.
 * The real one is {@link Http2ClientTransport} over the spec-driven {@code Http2Connection};
 * tests use an in-memory fake. Methods never block except {@link #awaitWritable}.
 */
public interface ClientTransport {

    /**
     * Opens a stream with this request header list; the stream's events go to {@code handler}
     * (possibly before this method returns). While the server's SETTINGS_MAX_CONCURRENT_STREAMS
     * is reached, waits up to {@code quotaWaitNanos} for a stream to close (RFC 9113 §5.1.2: a
     * client must not exceed it). {@link Opened#refused()} is non-null when no stream could be
     * opened (connection closing, no quota in time); nothing reached the peer then.
     */
    Opened newStream(List<HeaderField> headers, boolean endStream, StreamHandler handler, long quotaWaitNanos)
            throws InterruptedException;

    /** The outcome of {@link #newStream}. */
    record Opened(int streamId, String refused) {
        public boolean ok() {
            return refused == null;
        }
    }

    /** Queues DATA (it leaves as flow control allows); false when the stream is already gone. */
    boolean sendData(int streamId, Bytes data, boolean endStream);

    /** Back-pressure: waits while too many of the stream's bytes wait for credit; false on giving up. */
    boolean awaitWritable(int streamId, long timeoutNanos, BooleanSupplier cancelled) throws InterruptedException;

    /** The call used {@code bytes} of received DATA: credit may go back to the peer. */
    void consumed(int streamId, int bytes);

    /** RST_STREAM with {@code code}. */
    void reset(int streamId, ErrorCode code);

    /** GOAWAY and close (graceful: after the open streams end). */
    void shutdown(boolean graceful);

    /** Peer address and name, for messages. */
    String describe();

    /** Events of one stream. Called one at a time, from transport threads: must not block. */
    interface StreamHandler {
        void onHeaders(List<HeaderField> fields, boolean endStream);

        void onData(Bytes data, boolean endStream);

        void onReset(long errorCode);

        /**
         * The server never processed the stream (GOAWAY with a lower last-stream-id, or
         * REFUSED_STREAM): the request may be sent again on another connection.
         */
        void onNotProcessed(String why);

        /** The connection ended before the stream did. */
        void onConnectionClosed(String why);
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
