package io.grpcspec.spec;

/**
 * An effect a transition asks for. Actions are values: the transport performs them, tests
 * compare them. Common actions are in {@link Actions}; each machine adds its own.
 */
public interface Action {}
