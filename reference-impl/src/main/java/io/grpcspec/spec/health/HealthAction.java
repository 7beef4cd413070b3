package io.grpcspec.spec.health;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.grpc.StatusCode;

/** What the health machine asks the service glue to do. */
public sealed interface HealthAction extends Action {

    /** Answer the Check call with {@code status}. */
    record CheckAnswered(ServingStatus status) implements HealthAction {}

    /** End the Check call with {@code code} and {@code message}. */
    record CheckFailed(StatusCode code, String message) implements HealthAction {}

    /** Send {@code status} on the Watch call {@code watchId}. */
    record SendWatch(long watchId, ServingStatus status) implements HealthAction {}
}
