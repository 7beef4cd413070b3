package io.grpcspec.spec.stream;

import io.grpcspec.spec.Role;
import io.grpcspec.spec.flow.FlowConfig;

/**
 * Our side of the stream rules. {@code maxConcurrentStreams} is the SETTINGS_MAX_CONCURRENT_STREAMS
 * we advertise (unsigned 32-bit; grpc-go's default is "unlimited", 2^32−1); {@code pushEnabled} is
 * our SETTINGS_ENABLE_PUSH (a gRPC client announces 0; a server never receives pushes anyway).
 */
public record StreamConfig(Role role, long maxConcurrentStreams, boolean pushEnabled, int recentlyClosedCapacity,
                           FlowConfig flow) {

    public static final long UNLIMITED = 0xffff_ffffL;

    public StreamConfig {
        if (maxConcurrentStreams < 0 || maxConcurrentStreams > UNLIMITED) {
            throw new IllegalArgumentException("max concurrent streams " + maxConcurrentStreams);
        }
    }

    public static StreamConfig of(Role role) {
        return new StreamConfig(role, UNLIMITED, false, RecentlyClosed.DEFAULT_CAPACITY, FlowConfig.DEFAULT);
    }

    public StreamConfig withMaxConcurrentStreams(long max) {
        return new StreamConfig(role, max, pushEnabled, recentlyClosedCapacity, flow);
    }

    public StreamConfig withPushEnabled(boolean enabled) {
        return new StreamConfig(role, maxConcurrentStreams, enabled, recentlyClosedCapacity, flow);
    }

    public StreamConfig withFlow(FlowConfig f) {
        return new StreamConfig(role, maxConcurrentStreams, pushEnabled, recentlyClosedCapacity, f);
    }

    public StreamConfig withRecentlyClosedCapacity(int capacity) {
        return new StreamConfig(role, maxConcurrentStreams, pushEnabled, capacity, flow);
    }
}
