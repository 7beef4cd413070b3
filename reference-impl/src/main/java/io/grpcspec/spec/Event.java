package io.grpcspec.spec;

/** An input to a machine. Each machine declares its own sealed family of events. */
public interface Event {}
