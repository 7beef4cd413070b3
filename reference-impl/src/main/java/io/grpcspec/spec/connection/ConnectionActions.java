package io.grpcspec.spec.connection;

import io.grpcspec.wire.Preface;
import io.grpcspec.spec.Action;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import java.util.List;

/** Actions of the connection lifecycle beyond the shared ones in {@link io.grpcspec.spec.Actions}. */
public final class ConnectionActions {
    private ConnectionActions() {}

    /** Client: write the 24 octets of {@link Preface#CLIENT} (before any frame). */
    public record WritePreface() implements Action {}

    /** The peer's first SETTINGS arrived: the connection is usable (client channel: READY). */
    public record HandshakeComplete() implements Action {}

    /** The peer sent GOAWAY: stop choosing this connection for new calls. */
    public record PeerGoingAway(int lastStreamId, long errorCode, Bytes debugData) implements Action {
        public ErrorCode code() {
            return ErrorCode.of(errorCode);
        }
    }

    /**
     * Locally initiated streams the peer never processed (or that could not start): fail them
     * as "not processed" so the gRPC layer may retry them transparently on another connection.
     */
    public record StreamsNotProcessed(List<Integer> streamIds) implements Action {
        public StreamsNotProcessed {
            streamIds = List.copyOf(streamIds);
        }
    }

    /**
     * A new peer stream above the last-stream-id of our final GOAWAY: drop its frames without
     * answering (its header block must still be decoded to keep HPACK in sync, RFC 9113 §6.8).
     */
    public record IgnoreStream(int streamId) implements Action {}
}
