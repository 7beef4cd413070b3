package io.grpcspec.spec;

/**
 * How far an error reaches, RFC 9113 §5.4: a connection error ends the connection with GOAWAY,
 * a stream error ends only that stream with RST_STREAM.
 */
public enum Scope {
    CONNECTION,
    STREAM
}
