package io.grpcspec.spec.stream;

import io.grpcspec.spec.Role;
import io.grpcspec.spec.flow.FlowConfig;

/**
 * Our side of the stream rules. {@code maxConcurrentStreams} is the SETTINGS_MAX_CONCURRENT_STREAMS
 * we advertise (unsigned 32-bit; grpc-go's default is "unlimited", 2^32−1); {@code pushEnabled} is
 * our SETTINGS_ENABLE_PUSH (a gRPC client announces 0; a server never receives pushes anyway).
 *
 * <p>{@code strictAnswers}: where the RFC lets the receiver choose how to answer a peer's fault (a
 * MAY), the default is the robust answer real servers give (drop the frame, keep the connection,
 * report the fault: {@code Actions.PeerTolerated}); true gives the strict answer instead (the
 * connection error), for every such fault of the endpoint (spec/oracle.md lists them).
 * {@code dataFraming} cuts our outbound DATA (default: as large as allowed, unpadded).
 */
public record StreamConfig(Role role, long maxConcurrentStreams, boolean pushEnabled, int recentlyClosedCapacity,
                           FlowConfig flow, boolean strictAnswers, DataFraming dataFraming) {

    public static final long UNLIMITED = 0xffff_ffffL;

    public StreamConfig {
        java.util.Objects.requireNonNull(dataFraming);
        if (maxConcurrentStreams < 0 || maxConcurrentStreams > UNLIMITED) {
            throw new IllegalArgumentException("max concurrent streams " + maxConcurrentStreams);
        }
    }

    public static StreamConfig of(Role role) {
        return new StreamConfig(role, UNLIMITED, false, RecentlyClosed.DEFAULT_CAPACITY, FlowConfig.DEFAULT, false, DataFraming.DEFAULT);
    }

    public StreamConfig withMaxConcurrentStreams(long max) {
        return new StreamConfig(role, max, pushEnabled, recentlyClosedCapacity, flow, strictAnswers, dataFraming);
    }

    public StreamConfig withPushEnabled(boolean enabled) {
        return new StreamConfig(role, maxConcurrentStreams, enabled, recentlyClosedCapacity, flow, strictAnswers, dataFraming);
    }

    public StreamConfig withFlow(FlowConfig f) {
        return new StreamConfig(role, maxConcurrentStreams, pushEnabled, recentlyClosedCapacity, f, strictAnswers, dataFraming);
    }

    public StreamConfig withRecentlyClosedCapacity(int capacity) {
        return new StreamConfig(role, maxConcurrentStreams, pushEnabled, capacity, flow, strictAnswers, dataFraming);
    }

    /** Strict (true) or robust (false, the default) answers to the peer's faults the RFC leaves open. */
    public StreamConfig withStrictAnswers(boolean strict) {
        return new StreamConfig(role, maxConcurrentStreams, pushEnabled, recentlyClosedCapacity, flow, strict, dataFraming);
    }

    public StreamConfig withDataFraming(DataFraming framing) {
        return new StreamConfig(role, maxConcurrentStreams, pushEnabled, recentlyClosedCapacity, flow, strictAnswers, framing);
    }
}
