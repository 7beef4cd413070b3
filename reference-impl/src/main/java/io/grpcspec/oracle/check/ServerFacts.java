package io.grpcspec.oracle.check;

import io.grpcspec.spec.connection.Settings;

/**
 * What a first, well-behaved conversation learnt about the server: the SETTINGS it announces
 * (the limits scenarios must stay within, or exceed on purpose) and whether it serves
 * {@code grpc.testing.TestService}, the interop service the gRPC scenarios call.
 *
 * @param settings    the server's settings (RFC defaults for what it did not announce)
 * @param testService whether {@code /grpc.testing.TestService/EmptyCall} answered OK
 * @param testServiceAnswer what that call got, for skip reasons
 */
public record ServerFacts(Settings settings, boolean testService, String testServiceAnswer) {

    /** Nothing known yet (the probe itself runs with these). */
    static final ServerFacts UNKNOWN = new ServerFacts(Settings.DEFAULT, false, "not probed");

    public long maxFrameSize() {
        return settings.maxFrameSize();
    }

    /** The announced MAX_CONCURRENT_STREAMS, or {@link Settings#UNLIMITED}. */
    public long maxConcurrentStreams() {
        return settings.maxConcurrentStreams();
    }

    /** The announced MAX_HEADER_LIST_SIZE, or {@link Settings#UNLIMITED}. */
    public long maxHeaderListSize() {
        return settings.maxHeaderListSize();
    }
}
