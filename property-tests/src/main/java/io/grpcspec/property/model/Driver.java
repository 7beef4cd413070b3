package io.grpcspec.property.model;

import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.driver.EndpointDriver;
import io.grpcspec.spec.endpoint.EndpointEvent;

/**
 * The driver step the model runs for each side: {@link #REAL} is the production
 * {@link EndpointDriver} over the production machine. The bug zoo wraps it (or the machine
 * below it, {@link #of(Machine)}) to emulate faulty drivers without touching production code.
 */
@FunctionalInterface
public interface Driver {

    EndpointDriver.DriverStep step(Side side, DriverState state, EndpointEvent event);

    /** The production driver running {@code machine} on each side. */
    static Driver of(Machine machine) {
        EndpointDriver client = new EndpointDriver(machine.on(Side.CLIENT));
        EndpointDriver server = new EndpointDriver(machine.on(Side.SERVER));
        return (side, state, event) -> (side == Side.CLIENT ? client : server).step(state, event);
    }

    /** The production driver over the production machine. */
    Driver REAL = of(Machine.REAL);
}
