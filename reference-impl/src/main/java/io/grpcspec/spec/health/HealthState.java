package io.grpcspec.spec.health;

import java.util.HashMap;
import java.util.Map;

/**
 * What the health service knows: the status it holds per service name ({@code ""} is the whole
 * server), whether a graceful stop has begun, and each open Watch call with the status it was
 * last sent. Immutable; {@link HealthMachine} returns a new state for every change.
 *
 * @param statuses the status per service; a service missing here has none (Check: NOT_FOUND)
 * @param stopping a graceful stop has begun: statuses are NOT_SERVING and no longer change
 * @param watches  open Watch calls by the id the glue gave them
 */
public record HealthState(Map<String, ServingStatus> statuses, boolean stopping, Map<Long, Watch> watches) {

    /** One open Watch call: the service it watches and the last status it was sent. */
    public record Watch(String service, ServingStatus lastSent) {}

    public HealthState {
        statuses = Map.copyOf(statuses);
        watches = Map.copyOf(watches);
    }

    /** The status held for {@code service}, or null. */
    public ServingStatus status(String service) {
        return statuses.get(service);
    }

    HealthState withStatuses(Map<String, ServingStatus> s) {
        return new HealthState(s, stopping, watches);
    }

    HealthState withWatch(long id, Watch w) {
        Map<Long, Watch> m = new HashMap<>(watches);
        if (w == null) m.remove(id);
        else m.put(id, w);
        return new HealthState(statuses, stopping, m);
    }

    HealthState toStopping(Map<String, ServingStatus> s, Map<Long, Watch> w) {
        return new HealthState(s, true, w);
    }
}
