package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Action;

/**
 * The actions the composed endpoint adds to those of its parts; the records are in
 * {@link EndpointActions}. The full set a driver interprets, each tagged with its family, is
 * {@link EndpointOutput}.
 */
public sealed interface EndpointAction extends Action
        permits EndpointActions.StreamStarted, EndpointActions.Pending, EndpointActions.PeerViolation,
                EndpointActions.PingAcked {}
