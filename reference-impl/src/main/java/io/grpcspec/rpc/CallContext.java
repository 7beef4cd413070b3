package io.grpcspec.rpc;

import io.grpcspec.spec.grpc.Metadata;
import java.net.SocketAddress;

/** What a server method knows about its call, and the knobs it may turn. */
public interface CallContext {
    MethodDescriptor<?, ?> method();

    /** The request's custom metadata. */
    Metadata requestMetadata();

    /** Nanos left before the deadline (from {@code grpc-timeout}), or {@code Long.MAX_VALUE} for none. */
    long remainingNanos();

    /** The client cancelled, the deadline passed, or the connection is gone. */
    boolean isCancelled();

    /** Runs {@code listener} once when the call is cancelled (at once if it already is). */
    void onCancel(Runnable listener);

    /** Whether the request message most recently delivered had its compressed flag set. */
    boolean lastRequestCompressed();

    /** Metadata to send in the response headers; only before the first response message. */
    void addResponseHeaders(Metadata headers);

    /** Metadata to send in the trailers. */
    void addTrailers(Metadata trailers);

    /** Compress response messages with {@code compression} (sets {@code grpc-encoding}); before the first message. */
    void setResponseCompression(Compression compression);

    /** Turns compression of the following response messages on or off (when a codec is set). */
    void setMessageCompression(boolean enabled);

    SocketAddress peer();
}
