package io.grpcspec.spec.channel;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The five connectivity states of gRPC (connectivity-semantics-and-api.md), shared by a
 * subchannel and by the aggregate state a balancer reports for the channel.
 */
public enum ConnectivityState {
    IDLE,
    CONNECTING,
    READY,
    TRANSIENT_FAILURE,
    SHUTDOWN;

    /**
     * The moves a single subchannel may make (rule CH-1). This is the document's table minus
     * READY -> TRANSIENT_FAILURE and CONNECTING -> IDLE, which grpc-go and grpc-java
     * subchannels never make: a lost READY connection goes to IDLE ({@link ChannelRules#CH_5}), and idleness is a
     * channel-level decision that shuts subchannels down rather than idling them. TRANSIENT_FAILURE
     * -> IDLE replaces TRANSIENT_FAILURE -> CONNECTING ({@link ChannelRules#CH_6}, gRFC A62).
     */
    private static final Map<ConnectivityState, Set<ConnectivityState>> SUBCHANNEL_MOVES = Map.of(
            IDLE, EnumSet.of(CONNECTING, SHUTDOWN),
            CONNECTING, EnumSet.of(READY, TRANSIENT_FAILURE, SHUTDOWN),
            READY, EnumSet.of(IDLE, SHUTDOWN),
            TRANSIENT_FAILURE, EnumSet.of(IDLE, SHUTDOWN),
            SHUTDOWN, EnumSet.noneOf(ConnectivityState.class));

    /** Whether a subchannel may move from this state to {@code to} (a different state). */
    public boolean subchannelMayMoveTo(ConnectivityState to) {
        return SUBCHANNEL_MOVES.get(this).contains(to);
    }
}
