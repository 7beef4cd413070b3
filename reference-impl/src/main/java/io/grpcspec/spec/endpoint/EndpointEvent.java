package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Event;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameError;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.Setting;
import java.util.List;

/**
 * Inputs of the composed endpoint machine. Each carries the driver's monotonic time
 * ({@code nowNanos}); nothing in the machine reads a clock.
 *
 * <p>Header blocks: outbound, {@code OpenStream} and {@code SendHeaders} carry the header list,
 * and the machine hands it back in {@code StreamActions.WriteHeaders} when it is to be written —
 * possibly in a later step (trailers wait behind the stream's queued DATA, so a block of another
 * stream may overtake them) or never (a refused request, {@code StreamsNotProcessed}). The driver
 * HPACK-encodes a list when it performs its {@code WriteHeaders}, so the encoder's order is the
 * wire order. Inbound, blocks stay encoded bytes until the driver decodes them, in wire order,
 * from {@code DeliverHeaders} / {@code DiscardHeaders} / {@code DeliverPushPromise}; an HPACK
 * failure comes back as {@code PeerError}.
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
     * The frame codec rejected what the peer sent. The machine turns the error into its FR rule,
     * code and scope ({@code spec.codec.FrameErrors}) and answers it like its own violations
     * (GOAWAY or RST_STREAM). A frame that parsed whole despite a stream error (a stream
     * depending on itself) then gets the minimal processing of a frame on a stream we reset, so
     * its header block is still decoded (RFC 9113 §4.3).
     */
    record FrameRejected(FrameError error, long nowNanos) implements EndpointEvent {}

    /**
     * The driver found the peer breaking a rule below this machine, in HPACK (HP-*). The machine
     * answers it like its own violations (GOAWAY or RST_STREAM).
     */
    record PeerError(Violation violation, long nowNanos) implements EndpointEvent {}

    /** The socket reached EOF or failed. */
    record PeerClosed(String reason, long nowNanos) implements EndpointEvent {}

    /** An armed timer fired. */
    record TimerFired(Timer timer, int key, long nowNanos) implements EndpointEvent {}

    // ---- local application ----

    /** Open the next locally initiated stream with this header list. Answered by StreamStarted or StreamsNotProcessed. */
    record OpenStream(List<HeaderField> fields, boolean endStream, long nowNanos) implements EndpointEvent {
        public OpenStream {
            fields = List.copyOf(fields);
        }
    }

    /** Send a header list (response headers or trailers) on an existing stream. */
    record SendHeaders(int streamId, List<HeaderField> fields, boolean endStream, long nowNanos) implements EndpointEvent {
        public SendHeaders {
            fields = List.copyOf(fields);
        }
    }

    /** Queue data on a stream; it goes out in DATA frames as both send windows allow. */
    record SendData(int streamId, Bytes data, boolean endStream, long nowNanos) implements EndpointEvent {}

    /** The application consumed {@code bytes} of received data: credit may be returned. */
    record Consumed(int streamId, int bytes, long nowNanos) implements EndpointEvent {}

    /** The application expects a message of {@code size} bytes on the stream (window may be grown). */
    record MessagePending(int streamId, int size, long nowNanos) implements EndpointEvent {}

    /**
     * The application is done with the call on the peer's stream {@code streamId}: its handler
     * returned, or it never had one. Until then the call counts against the calls-in-progress
     * bound ({@code LimitsRules.LIM_5}), even after the stream itself closed.
     */
    record CallFinished(int streamId, long nowNanos) implements EndpointEvent {}

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
