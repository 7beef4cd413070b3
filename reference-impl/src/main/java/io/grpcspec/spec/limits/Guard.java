package io.grpcspec.spec.limits;

import io.grpcspec.spec.IntTreeSet;
import io.grpcspec.traceability.Enforces;
import java.util.SortedSet;

/**
 * What the endpoint counts to enforce its {@link Limits}: the two reset budgets' windows, the run
 * of consecutive frames without progress, and the peer's calls still in progress. Immutable.
 *
 * <p>The calls are an {@link IntTreeSet}: a new or finished call shares the rest of the set with
 * the guard before it instead of copying it (a copy made every new stream cost O(calls)). Any
 * sorted set given to the constructor is turned into one; equality is by elements.
 *
 * @param peerResets RST_STREAM frames received in the current window (LIM-1)
 * @param sentResets RST_STREAM frames sent on peer streams in the current window (LIM-2)
 * @param noProgress consecutive frames without progress received so far (LIM-3)
 * @param calls      peer streams whose call the application has not finished (LIM-5)
 */
public record Guard(RateBudget.Window peerResets, RateBudget.Window sentResets, int noProgress, SortedSet<Integer> calls) {

    public static final Guard START = new Guard(RateBudget.Window.EMPTY, RateBudget.Window.EMPTY, 0, IntTreeSet.EMPTY);

    public Guard {
        calls = IntTreeSet.of(calls);
    }

    /** {@link LimitsRules#LIM_5}: reading pauses while more calls than the bound are in progress. */
    @Enforces("LIM-5")
    public boolean readingPaused(Limits limits) {
        return limits.maxCallsInProgress() > 0 && calls.size() > limits.maxCallsInProgress();
    }

    public Guard withPeerResets(RateBudget.Window w) {
        return new Guard(w, sentResets, noProgress, calls);
    }

    public Guard withSentResets(RateBudget.Window w) {
        return new Guard(peerResets, w, noProgress, calls);
    }

    public Guard withNoProgress(int n) {
        return n == noProgress ? this : new Guard(peerResets, sentResets, n, calls);
    }

    public Guard withCall(int streamId) {
        IntTreeSet next = ((IntTreeSet) calls).with(streamId);
        return next == calls ? this : new Guard(peerResets, sentResets, noProgress, next);
    }

    public Guard withoutCall(int streamId) {
        IntTreeSet next = ((IntTreeSet) calls).without(streamId);
        return next == calls ? this : new Guard(peerResets, sentResets, noProgress, next);
    }

    public Guard withoutCalls() {
        return calls.isEmpty() ? this : new Guard(peerResets, sentResets, noProgress, IntTreeSet.EMPTY);
    }
}
