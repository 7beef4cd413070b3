package io.grpcspec.spec.connection;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import java.util.List;

/** The records of the {@link ConnectionAction} family (with {@link SettingsChange}). */
public final class ConnectionActions {
    private ConnectionActions() {}

    /** Client: write the 24 octets of {@code Preface.CLIENT} (before any frame). */
    public record WritePreface() implements ConnectionAction {}

    /** The peer's first SETTINGS arrived: the connection is usable (client channel: READY). */
    public record HandshakeComplete() implements ConnectionAction {}

    /** The peer sent GOAWAY: stop choosing this connection for new calls. */
    public record PeerGoingAway(int lastStreamId, long errorCode, Bytes debugData) implements ConnectionAction {
        public ErrorCode code() {
            return ErrorCode.of(errorCode);
        }
    }

    /**
     * Locally initiated streams the peer never processed (or that could not start): fail them
     * as "not processed" so the gRPC layer may retry them transparently on another connection.
     */
    public record StreamsNotProcessed(List<Integer> streamIds) implements ConnectionAction {
        public StreamsNotProcessed {
            streamIds = List.copyOf(streamIds);
        }
    }

    /**
     * A new peer stream above the last-stream-id of our final GOAWAY: drop its frames without
     * answering (its header block must still be decoded to keep HPACK in sync, RFC 9113 §6.8).
     */
    public record IgnoreStream(int streamId) implements ConnectionAction {}
}
