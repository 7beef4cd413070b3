package io.grpcspec.spec.health;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.traceability.Enforces;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The health service's decisions (gRPC "health-checking.md"): which status a Check gets, what a
 * Watch is sent and when, and what a graceful stop does to the statuses. The glue
 * ({@code server.HealthService}) feeds it the application's changes and the calls, and performs
 * the actions; sending, coalescing and threads are the glue's. Every event is legal, so every
 * step is a {@link Step.Next}.
 */
public final class HealthMachine {
    private HealthMachine() {}

    /** {@link HealthRules#HL_1}: the whole server ({@code ""}) and each of {@code services} start SERVING. */
    @Enforces("HL-1")
    public static HealthState start(Collection<String> services) {
        Map<String, ServingStatus> s = new HashMap<>();
        s.put("", ServingStatus.SERVING);
        for (String name : services) s.put(name, ServingStatus.SERVING);
        return new HealthState(s, false, Map.of());
    }

    public static Step<HealthState> step(HealthState s, HealthEvent e) {
        return switch (e) {
            case HealthEvent.SetStatus(String service, ServingStatus status) -> change(s, service, status);
            case HealthEvent.ClearStatus(String service) -> change(s, service, null);
            case HealthEvent.GracefulStop() -> gracefulStop(s);
            case HealthEvent.Check(String service) -> check(s, service);
            case HealthEvent.WatchStarted(long id, String service) -> watch(s, id, service);
            case HealthEvent.WatchEnded(long id) -> Step.next(s.withWatch(id, null));
        };
    }

    /** {@link HealthRules#HL_2}. */
    @Enforces({"HL-2", "HL-6"})
    private static Step<HealthState> check(HealthState s, String service) {
        ServingStatus status = s.status(service);
        if (status == null) {
            return Step.next(s, new HealthAction.CheckFailed(StatusCode.NOT_FOUND, "unknown service " + quoted(service)));
        }
        return Step.next(s, new HealthAction.CheckAnswered(status));
    }

    /** {@link HealthRules#HL_3}: the first answer comes at once, SERVICE_UNKNOWN standing in for "no status". */
    @Enforces("HL-3")
    private static Step<HealthState> watch(HealthState s, long id, String service) {
        ServingStatus now = visible(s.status(service));
        return Step.next(s.withWatch(id, new HealthState.Watch(service, now)), new HealthAction.SendWatch(id, now));
    }

    /**
     * A status set or cleared ({@code status} null): ignored once stopping ({@link HealthRules#HL_5});
     * otherwise the service's watchers hear of it if it differs from what each was last sent
     * ({@link HealthRules#HL_4}; a clear reads as SERVICE_UNKNOWN, {@link HealthRules#HL_6}).
     */
    @Enforces({"HL-4", "HL-5", "HL-6"})
    private static Step<HealthState> change(HealthState s, String service, ServingStatus status) {
        if (s.stopping()) return Step.next(s);
        Map<String, ServingStatus> statuses = new HashMap<>(s.statuses());
        if (status == null) statuses.remove(service);
        else statuses.put(service, status);
        Map<Long, HealthState.Watch> watches = new HashMap<>(s.watches());
        List<Action> sends = notify(watches, Map.of(service, visible(status)));
        return Step.next(new HealthState(statuses, false, watches), sends);
    }

    /** {@link HealthRules#HL_5}: every held status turns NOT_SERVING and stays so. */
    @Enforces("HL-5")
    private static Step<HealthState> gracefulStop(HealthState s) {
        if (s.stopping()) return Step.next(s);
        Map<String, ServingStatus> statuses = new HashMap<>();
        for (String service : s.statuses().keySet()) statuses.put(service, ServingStatus.NOT_SERVING);
        Map<Long, HealthState.Watch> watches = new HashMap<>(s.watches());
        List<Action> sends = notify(watches, statuses);
        return Step.next(s.toStopping(statuses, watches), sends);
    }

    /**
     * Sends each watcher of a service in {@code changed} the service's new status unless that is
     * what it was last sent ({@link HealthRules#HL_4}); updates {@code watches} to match.
     */
    @Enforces("HL-4")
    private static List<Action> notify(Map<Long, HealthState.Watch> watches, Map<String, ServingStatus> changed) {
        List<Action> sends = new ArrayList<>();
        // Watch ids in order, so the actions are the same for the same state (tests compare them).
        for (Long id : watches.keySet().stream().sorted().toList()) {
            HealthState.Watch w = watches.get(id);
            ServingStatus now = changed.get(w.service());
            if (now == null || now == w.lastSent()) continue;
            watches.put(id, new HealthState.Watch(w.service(), now));
            sends.add(new HealthAction.SendWatch(id, now));
        }
        return sends;
    }

    /** What a watcher is told for a held status, or for none. */
    private static ServingStatus visible(ServingStatus held) {
        return held == null ? ServingStatus.SERVICE_UNKNOWN : held;
    }

    private static String quoted(String service) {
        return "\"" + service + "\"";
    }
}
