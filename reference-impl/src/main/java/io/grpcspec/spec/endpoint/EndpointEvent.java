package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Event;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.Setting;
import java.util.List;

/**
 * Inputs of the composed endpoint machine. Each carries the driver's monotonic time
 * ({@code nowNanos}); nothing in the machine reads a clock.
 *
 * <p>Header blocks are opaque to this machine. Inbound they arrive still encoded (in
 * {@code DeliverHeaders} / {@code DiscardHeaders}, in wire order, every one of them: decode them
 * in that order). Outbound, the block of {@code OpenStream} / {@code SendHeaders} comes back in
 * {@code StreamActions.WriteHeaders} when it is to be written — possibly in a later step
 * (trailers wait behind the stream's queued DATA, so a block for another stream may overtake
 * them) or never ({@code StreamsNotProcessed}, a local violation). HPACK state is connection-wide
 * and lives in the driver, so a driver that uses the dynamic table must encode a block when it
 * performs its {@code WriteHeaders}, in action order, as grpc-go's loopy writer encodes at write
 * time: the bytes it passes in the event may be any handle it maps back to the header list.
 * Encoding when the event is fed is only safe with a static-only encoder.
 */
public sealed interface EndpointEvent extends Event {
    long nowNanos();

    // ---- connection ----

    /** The socket is connected (client) or accepted (server). {@code ageJitter} ∈ [-0.1, 0.1] (gRFC A9). */
    record Start(long nowNanos, double ageJitter) implements EndpointEvent {}

    /** Server: the first 24 octets the client sent. */
    record PrefaceReceived(Bytes greeting, long nowNanos) implements EndpointEvent {}

    /** A frame the reader parsed. */
    record FrameReceived(Frame frame, long nowNanos) implements EndpointEvent {}

    /**
     * The driver found the peer breaking a rule below this machine: the frame codec (FR-*) or
     * HPACK (HP-*). The machine answers it like its own violations (GOAWAY or RST_STREAM).
     */
    record PeerError(Violation violation, long nowNanos) implements EndpointEvent {}

    /** The socket reached EOF or failed. */
    record PeerClosed(String reason, long nowNanos) implements EndpointEvent {}

    /** An armed timer fired. */
    record TimerFired(Timer timer, int key, long nowNanos) implements EndpointEvent {}

    // ---- local application ----

    /** Open the next locally initiated stream with this (encoded) header block. Answered by StreamStarted or StreamsNotProcessed. */
    record OpenStream(Bytes headerBlock, boolean endStream, long nowNanos) implements EndpointEvent {}

    /** Send a header block (response headers or trailers) on an existing stream. */
    record SendHeaders(int streamId, Bytes headerBlock, boolean endStream, long nowNanos) implements EndpointEvent {}

    /** Queue data on a stream; it goes out in DATA frames as both send windows allow. */
    record SendData(int streamId, Bytes data, boolean endStream, long nowNanos) implements EndpointEvent {}

    /** The application consumed {@code bytes} of received data: credit may be returned. */
    record Consumed(int streamId, int bytes, long nowNanos) implements EndpointEvent {}

    /** The application expects a message of {@code size} bytes on the stream (window may be grown). */
    record MessagePending(int streamId, int size, long nowNanos) implements EndpointEvent {}

    /** Reset a stream (cancellation, deadline, local error). */
    record ResetStream(int streamId, ErrorCode code, long nowNanos) implements EndpointEvent {}

    /** Send a PING with this payload (application ping; keepalive pings come from timers). */
    record SendPing(long payload, long nowNanos) implements EndpointEvent {}

    /** Send new local settings; they take effect when acknowledged. */
    record ChangeSettings(List<Setting> settings, long nowNanos) implements EndpointEvent {}

    /**
     * Stop: graceful runs the two-phase GOAWAY (server) or a single GOAWAY (client) and lets open
     * streams finish; otherwise GOAWAY and close now.
     */
    record Shutdown(boolean graceful, long pingPayload, long nowNanos) implements EndpointEvent {}
}
