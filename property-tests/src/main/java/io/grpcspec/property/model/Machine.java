package io.grpcspec.property.model;

import io.grpcspec.spec.Step;
import io.grpcspec.spec.driver.EndpointMachine;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.endpoint.Endpoints;

/**
 * The endpoint transition function the model's drivers step. {@link #REAL} is the production
 * machine; the bug zoo ({@code io.grpcspec.property.model.zoo}) wraps it to emulate faulty
 * variants without touching production code.
 */
@FunctionalInterface
public interface Machine {

    Step<Endpoint> step(Side side, Endpoint state, EndpointEvent event);

    /** {@code Endpoints.step}, unchanged. */
    Machine REAL = (side, state, event) -> Endpoints.step(state, event);

    /** This machine for one side, as the driver runs it (answers to violations are {@code Endpoints.recover}). */
    default EndpointMachine on(Side side) {
        return (state, event) -> step(side, state, event);
    }
}
