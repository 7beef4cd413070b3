package io.grpcspec.spec.endpoint;

/**
 * The state of one composed endpoint (placeholder: the composition defines its components).
 * Queries drivers and checkers use are declared here so they can be written against it.
 */
public record Endpoint(EndpointConfig config) {

    /** True once the connection is closed: no further frames go either way. */
    public boolean closed() {
        throw new UnsupportedOperationException("composition not written yet");
    }
}
