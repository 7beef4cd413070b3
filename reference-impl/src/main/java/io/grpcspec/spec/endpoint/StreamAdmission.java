package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Role;
import io.grpcspec.spec.connection.ConnectionState;
import io.grpcspec.spec.connection.Phase;
import io.grpcspec.spec.stream.StreamTable;

/**
 * Whether the endpoint would open a local stream now, and if not, why: the machine's answer to
 * {@code OpenStream} before it is asked, so a caller never rebuilds the rules. The reasons come
 * in the order the machine checks them; the first that applies is the answer.
 */
public enum StreamAdmission {
    /** The stream would start now. */
    OPEN("the connection takes a new stream"),
    /** The connection is closed. */
    CLOSED("the connection is closed"),
    /** Only clients open streams with HEADERS (RFC 9113 §8.4, StreamRules STR-9). */
    NOT_A_CLIENT("a server does not open streams"),
    /** Stream identifiers are used up: a new connection is needed (STR-12). */
    IDS_EXHAUSTED("stream identifiers are used up"),
    /** The peer's SETTINGS have not arrived yet (ConnectionRules CONN-8): answered as not processed. */
    NOT_READY("the handshake is not complete"),
    /** The peer sent GOAWAY (GoAwayRules GA-8): answered as not processed. */
    GOAWAY_RECEIVED("the peer sent GOAWAY"),
    /** We sent GOAWAY and are draining: answered as not processed. */
    DRAINING("the connection is draining"),
    /** As many streams are open as the peer's SETTINGS_MAX_CONCURRENT_STREAMS allows (STR-14); one may close. */
    AT_PEER_LIMIT("the peer's SETTINGS_MAX_CONCURRENT_STREAMS is reached");

    private final String reason;

    StreamAdmission(String reason) {
        this.reason = reason;
    }

    /** Why, in a few words. */
    public String reason() {
        return reason;
    }

    /** True only for {@link #AT_PEER_LIMIT}: the one refusal that may lift on this connection. */
    public boolean mayLift() {
        return this == AT_PEER_LIMIT;
    }

    /** The answer for these component states. */
    static StreamAdmission of(Role role, ConnectionState connection, StreamTable streams) {
        if (connection.phase() == Phase.CLOSED) return CLOSED;
        if (role != Role.CLIENT) return NOT_A_CLIENT;
        if (streams.nextStreamId().isEmpty()) return IDS_EXHAUSTED;
        if (connection.phase() == Phase.IDLE || connection.phase().handshaking()) return NOT_READY;
        if (connection.goAway().received()) return GOAWAY_RECEIVED;
        if (!connection.mayOpenLocalStream()) return DRAINING;
        if (streams.activeCount(false) >= streams.peerMaxConcurrentStreams()) return AT_PEER_LIMIT;
        return OPEN;
    }
}
