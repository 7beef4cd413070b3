package io.grpcspec.oracle.check;

/** Ends a scenario without a verdict: it cannot be exercised against this server ({@code reason}). */
public final class ScenarioSkipped extends RuntimeException {
    public ScenarioSkipped(String reason) {
        super(reason, null, false, false);
    }
}
