package io.grpcspec.spec.connection;

import io.grpcspec.spec.Event;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.Setting;
import java.util.List;

/** Inputs of the connection lifecycle machine. */
public sealed interface ConnectionEvent extends Event {

    /** Client: the socket is connected. Server: the socket was accepted. */
    record Start() implements ConnectionEvent {}

    /** Server: the first 24 octets the client sent (fewer if the stream ended early). */
    record PrefaceReceived(Bytes greeting) implements ConnectionEvent {}

    /** A decoded frame from the peer. Frames this machine does not own pass through unchanged. */
    record FrameReceived(Frame frame) implements ConnectionEvent {}

    /** We change our settings mid-connection (for example a new window from BDP estimation). */
    record SendSettings(List<Setting> settings) implements ConnectionEvent {
        public SendSettings {
            settings = List.copyOf(settings);
        }
    }

    /**
     * A stream left idle: the peer's HEADERS opened it, or we are about to open it. The role
     * tells which side initiated it by parity. Answered with IgnoreStream or StreamsNotProcessed
     * when the stream may not start.
     */
    record StreamOpened(int streamId) implements ConnectionEvent {}

    /** A stream reached "closed" (both directions done or reset). */
    record StreamClosed(int streamId) implements ConnectionEvent {}

    /** Graceful shutdown; a server uses {@code pingData} for the PING between its two GOAWAYs. */
    record Shutdown(long pingData) implements ConnectionEvent {}

    /** Some machine found a connection error: answer with GOAWAY and close ({@link GoAwayRules#GA_10}). */
    record ConnectionError(Violation violation) implements ConnectionEvent {}

    /** The peer closed the socket or it failed. */
    record PeerClosed() implements ConnectionEvent {}

    /** A timer fired: HANDSHAKE, PREFACE, SETTINGS_ACK and GOAWAY_PING are this machine's; others change nothing. */
    record TimerFired(Timer timer) implements ConnectionEvent {}
}
