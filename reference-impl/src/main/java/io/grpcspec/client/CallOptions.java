package io.grpcspec.client;

import io.grpcspec.rpc.Compression;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-call settings, immutable.
 *
 * @param timeout the call's deadline measured from its start (sent as {@code grpc-timeout} and
 *     enforced locally), or null for none
 * @param compression how request messages are compressed ({@code grpc-encoding}); IDENTITY: not at all
 * @param waitForReady queue the call while the channel is in TRANSIENT_FAILURE instead of failing it
 */
public record CallOptions(Duration timeout, Compression compression, boolean waitForReady) {

    public static final CallOptions DEFAULT = new CallOptions(null, Compression.IDENTITY, false);

    public CallOptions {
        Objects.requireNonNull(compression);
    }

    public CallOptions withTimeout(Duration t) {
        return new CallOptions(t, compression, waitForReady);
    }

    public CallOptions withCompression(Compression c) {
        return new CallOptions(timeout, c, waitForReady);
    }

    public CallOptions withWaitForReady(boolean w) {
        return new CallOptions(timeout, compression, w);
    }
}
