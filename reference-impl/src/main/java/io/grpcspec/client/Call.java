package io.grpcspec.client;

import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.spec.grpc.Status;

/**
 * One client call, the low-level API the stubs are built on (grpc-java's {@code ClientCall}
 * shape). Call {@link #start} once, then send, half-close, or cancel from any thread. The
 * listener hears about the call in order and exactly one {@link Listener#onClose}.
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
