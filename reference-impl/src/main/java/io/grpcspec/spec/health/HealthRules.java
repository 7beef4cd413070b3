package io.grpcspec.spec.health;

import io.grpcspec.spec.Rule;

/** Rules of area HL (gRPC health checking). Constant names are the IDs with '-' as '_'. */
public final class HealthRules {
    private HealthRules() {}

    public static final Rule HL_1 = Rule.must("HL-1", "gRPC health-checking.md",
            "The empty service name stands for the whole server; a server serving health has a status for it, SERVING from the start.");

    public static final Rule HL_2 = Rule.must("HL-2", "gRPC health-checking.md",
            "Check answers the status the server holds for the service now, and fails with NOT_FOUND when it holds none.");

    public static final Rule HL_3 = Rule.must("HL-3", "gRPC health-checking.md",
            "Watch answers at once with the current status, or SERVICE_UNKNOWN when the server holds none, and keeps the call open either way.");

    public static final Rule HL_4 = Rule.must("HL-4", "gRPC health-checking.md",
            "After its first answer, Watch sends a message only when the service's status changes, never the same status twice in a row.");

    public static final Rule HL_5 = Rule.should("HL-5", "grpc-java HealthStatusManager.enterTerminalState; grpc-go health.Server.Shutdown",
            "When a graceful stop begins, every status the server holds turns NOT_SERVING (watchers are told) and later changes are ignored.");

    public static final Rule HL_6 = Rule.should("HL-6", "grpc-java HealthStatusManager.clearStatus",
            "Clearing a service's status makes Check fail with NOT_FOUND again and tells the service's watchers SERVICE_UNKNOWN.");
}
