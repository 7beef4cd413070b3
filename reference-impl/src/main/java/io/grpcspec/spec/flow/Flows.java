package io.grpcspec.spec.flow;

/** The two windows one DATA frame touches: the connection's and its stream's. */
public record Flows(ConnectionFlow connection, StreamFlow stream) {}
