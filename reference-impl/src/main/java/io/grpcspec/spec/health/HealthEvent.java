package io.grpcspec.spec.health;

import io.grpcspec.spec.Event;
import java.util.Objects;

/** What the health machine hears: the application's status changes, the server's stop, and calls. */
public sealed interface HealthEvent extends Event {

    /** The application sets {@code service}'s status (SERVING, NOT_SERVING or UNKNOWN). */
    record SetStatus(String service, ServingStatus status) implements HealthEvent {
        public SetStatus {
            Objects.requireNonNull(service);
            Objects.requireNonNull(status);
            if (status == ServingStatus.SERVICE_UNKNOWN) {
                throw new IllegalArgumentException("SERVICE_UNKNOWN is what Watch says for a service without a status; clear the status instead");
            }
        }
    }

    /** The application drops {@code service}'s status: the server no longer knows the service. */
    record ClearStatus(String service) implements HealthEvent {
        public ClearStatus {
            Objects.requireNonNull(service);
        }
    }

    /** The server began a graceful stop (it drains its connections now). */
    record GracefulStop() implements HealthEvent {}

    /** A Check call for {@code service} arrived. */
    record Check(String service) implements HealthEvent {
        public Check {
            Objects.requireNonNull(service);
        }
    }

    /** A Watch call for {@code service} started; {@code watchId} names it in later events and actions. */
    record WatchStarted(long watchId, String service) implements HealthEvent {
        public WatchStarted {
            Objects.requireNonNull(service);
        }
    }

    /** The Watch call {@code watchId} ended (the client cancelled or went away). */
    record WatchEnded(long watchId) implements HealthEvent {}
}
