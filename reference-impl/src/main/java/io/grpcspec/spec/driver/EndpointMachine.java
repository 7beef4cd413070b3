package io.grpcspec.spec.driver;

import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.endpoint.Endpoints;

/**
 * The composed machine a driver runs: {@link #SPEC} is the specification itself; the model
 * checker's bug zoo supplies faulty variants to show its checks catch them.
 */
public interface EndpointMachine {

    /** {@link Endpoints#step}. */
    Step<Endpoint> step(Endpoint state, EndpointEvent event);

    /** {@link Endpoints#recover}: the answer to a violation by the peer. */
    default Step<Endpoint> recover(Endpoint state, EndpointEvent event, Violation violation) {
        return Endpoints.recover(state, event, violation);
    }

    EndpointMachine SPEC = Endpoints::step;
}
