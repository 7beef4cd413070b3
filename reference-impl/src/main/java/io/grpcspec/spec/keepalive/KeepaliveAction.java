package io.grpcspec.spec.keepalive;

import io.grpcspec.spec.Action;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.spec.Rule;

/**
 * Actions only the keepalive machines ask for. They name an outcome, not frames, where the
 * frames depend on state the keepalive machines do not hold (the last stream ID, the GOAWAY
 * handshake). Plain frames, timers and closing use the shared {@link io.grpcspec.spec.Actions}.
 */
public sealed interface KeepaliveAction extends Action {

    /** Begin the two-phase graceful shutdown (RFC 9113 §6.8, gRFC A9): GOAWAY with NO_ERROR and
     *  {@code debugData}, let open streams finish, then the final GOAWAY. The GOAWAY machine owns
     *  the steps; this action only starts them. */
    record GracefulGoAway(Bytes debugData) implements KeepaliveAction {
        public static GracefulGoAway of(String asciiDebug) {
            return new GracefulGoAway(Bytes.ofAscii(asciiDebug));
        }
    }

    /** Write one GOAWAY now with {@code code}, {@code debugData} and the connection's current last
     *  stream ID. {@code rule} is the rule the peer broke, for the oracle's report. A
     *  {@code CloseConnection} follows it in the same step. */
    record GoAway(ErrorCode code, Bytes debugData, Rule rule) implements KeepaliveAction {}

    /** The connection is considered dead: fail every call still on it with gRPC status
     *  {@code grpcStatus} (always {@code UNAVAILABLE} here, as grpc-go and grpc-java do) and
     *  {@code description}. A {@code CloseConnection} follows it in the same step. */
    record ConnectionBroken(String grpcStatus, String description) implements KeepaliveAction {
        public static final String UNAVAILABLE = "UNAVAILABLE";

        public static ConnectionBroken unavailable(String description) {
            return new ConnectionBroken(UNAVAILABLE, description);
        }
    }
}
