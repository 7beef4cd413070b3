package io.grpcspec.spec.limits;

import io.grpcspec.spec.keepalive.Durations;

/**
 * The resource budgets of one endpoint (area LIM, spec/limits.md). The composed endpoint machine
 * enforces the first four ({@link LimitsRules#LIM_1}, {@link LimitsRules#LIM_2},
 * {@link LimitsRules#LIM_3}, {@link LimitsRules#LIM_5}); the last two are numbers the transport
 * applies to bytes it holds for the writer ({@link LimitsRules#LIM_8}, {@link LimitsRules#LIM_9}).
 * The preface deadline ({@link LimitsRules#LIM_4}) is the lifecycle's, in
 * {@code ConnectionConfig}; the handshake cap ({@link LimitsRules#LIM_6}) is the server's, in
 * {@link HandshakeSlots}; the closed-stream memory ({@link LimitsRules#LIM_7}) the stream table's.
 *
 * @param peerResets          RST_STREAM frames the peer may send per window (LIM-1)
 * @param sentResets          RST_STREAM frames we may send on the peer's streams per window (LIM-2)
 * @param maxNoProgressFrames consecutive frames without progress tolerated (LIM-3); 0 = no bound
 * @param maxCallsInProgress  calls in progress before reading pauses (LIM-5); 0 = no bound
 * @param maxQueuedResponses  answers waiting for the writer before reading pauses (LIM-8)
 * @param maxPendingBytes     a stream's DATA bytes waiting for credit or the socket before its sender waits (LIM-9)
 */
public record Limits(RateBudget peerResets, RateBudget sentResets, int maxNoProgressFrames, int maxCallsInProgress,
                     int maxQueuedResponses, int maxPendingBytes) {

    /** LIM-1, LIM-2: Netty's and grpc-java's numbers. */
    public static final RateBudget DEFAULT_RESETS = new RateBudget(200, 30 * Durations.SECOND);
    /** LIM-3. */
    public static final int DEFAULT_MAX_NO_PROGRESS_FRAMES = 100;
    /** LIM-5: RFC 9113 §6.5.2 recommends announcing at least 100 concurrent streams; a conforming client keeps no more calls open. */
    public static final int DEFAULT_MAX_CALLS_IN_PROGRESS = 100;
    /** LIM-8: grpc-go's maxQueuedTransportResponseFrames. */
    public static final int DEFAULT_MAX_QUEUED_RESPONSES = 50;
    /** LIM-9: grpc-go's default write quota. */
    public static final int DEFAULT_MAX_PENDING_BYTES = 64 * 1024;

    /** A server's budgets. */
    public static final Limits SERVER = new Limits(DEFAULT_RESETS, DEFAULT_RESETS, DEFAULT_MAX_NO_PROGRESS_FRAMES,
            DEFAULT_MAX_CALLS_IN_PROGRESS, DEFAULT_MAX_QUEUED_RESPONSES, DEFAULT_MAX_PENDING_BYTES);
    /**
     * A client's: no reset budgets (a client resets its own calls, and Netty limits resets only on
     * servers), the same frame and memory bounds.
     */
    public static final Limits CLIENT = new Limits(RateBudget.OFF, RateBudget.OFF, DEFAULT_MAX_NO_PROGRESS_FRAMES,
            DEFAULT_MAX_CALLS_IN_PROGRESS, DEFAULT_MAX_QUEUED_RESPONSES, DEFAULT_MAX_PENDING_BYTES);

    public Limits {
        if (maxNoProgressFrames < 0 || maxCallsInProgress < 0) throw new IllegalArgumentException("negative bound");
        if (maxQueuedResponses < 1 || maxPendingBytes < 1) throw new IllegalArgumentException("writer bounds must be positive");
    }

    public Limits withPeerResets(RateBudget b) {
        return new Limits(b, sentResets, maxNoProgressFrames, maxCallsInProgress, maxQueuedResponses, maxPendingBytes);
    }

    public Limits withSentResets(RateBudget b) {
        return new Limits(peerResets, b, maxNoProgressFrames, maxCallsInProgress, maxQueuedResponses, maxPendingBytes);
    }

    public Limits withMaxNoProgressFrames(int n) {
        return new Limits(peerResets, sentResets, n, maxCallsInProgress, maxQueuedResponses, maxPendingBytes);
    }

    public Limits withMaxCallsInProgress(int n) {
        return new Limits(peerResets, sentResets, maxNoProgressFrames, n, maxQueuedResponses, maxPendingBytes);
    }

    public Limits withMaxQueuedResponses(int n) {
        return new Limits(peerResets, sentResets, maxNoProgressFrames, maxCallsInProgress, n, maxPendingBytes);
    }

    public Limits withMaxPendingBytes(int n) {
        return new Limits(peerResets, sentResets, maxNoProgressFrames, maxCallsInProgress, maxQueuedResponses, n);
    }
}
