package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Action;

/**
 * The actions the composed endpoint adds to those of its parts; the records are in
 * {@link EndpointActions}. The full set a driver interprets: {@code Actions.Shared},
 * {@code ConnectionAction}, {@code StreamAction}, {@code KeepaliveAction} (only
 * {@code ConnectionBroken} leaves the endpoint; the GOAWAY requests are performed inside it)
 * and this family.
 */
public sealed interface EndpointAction extends Action
        permits EndpointActions.StreamStarted, EndpointActions.Pending, EndpointActions.PeerViolation,
                EndpointActions.PingAcked {}
