package io.grpcspec.client;

import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.spec.grpc.Status;

/**
 * One client call, the low-level API the stubs are built on (grpc-java's {@code ClientCall}
 * shape). Call {@link #start} once, then send, half-close, request messages or cancel from any
 * thread. The listener hears about the call in order and exactly one {@link Listener#onClose}.
 *
 * <p>Response messages are flow-controlled by the application: the listener gets only as many
 * as were asked for with {@link #request}, and stream credit goes back to the server as they
 * are taken (RPC-38, RPC-39). A call whose messages are never requested holds back the server
 * once about 1 MiB waits, and its status follows the messages it has received.
 */
public interface Call<Req, Resp> {

    void start(Listener<Resp> listener, Metadata headers);

    /**
     * Sends one request message. May block while too many of the call's bytes wait for HTTP/2
     * flow-control credit (bounded by the call's deadline).
     */
    void sendMessage(Req message);

    /** Whether the following messages are compressed (when the call has a compression set). Default on. */
    void setMessageCompression(boolean enabled);

    /** The listener takes {@code count} more response messages (grpc-java's {@code request}). */
    void request(int count);

    /** No more request messages. */
    void halfClose();

    /** Ends the call with CANCELLED (RST_STREAM CANCEL to the server when the stream exists). */
    void cancel(String reason);

    /**
     * Receives the call's events, from transport or timer threads, one at a time. Implementations
     * must not block for long.
     */
    interface Listener<Resp> {
        default void onHeaders(Metadata headers) {}

        void onMessage(Resp message);

        void onClose(Status status, Metadata trailers);
    }
}
