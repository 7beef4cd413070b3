package io.grpcspec.wire;

/**
 * The priority fields of PRIORITY and of HEADERS with the PRIORITY flag, RFC 9113 §5.3.2/§6.3.
 * RFC 9113 deprecates the signal; a gRPC endpoint parses and ignores it. {@code weight} is the
 * wire value plus one (1..256).
 */
public record Priority(int streamDependency, boolean exclusive, int weight) {
    public Priority {
        if (streamDependency < 0) throw new IllegalArgumentException("stream dependency is 31 bits");
        if (weight < 1 || weight > 256) throw new IllegalArgumentException("weight must be 1..256");
    }
}
