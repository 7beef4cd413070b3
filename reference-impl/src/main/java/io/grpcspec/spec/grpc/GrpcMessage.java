package io.grpcspec.spec.grpc;

import io.grpcspec.wire.Bytes;
import java.util.Objects;

/**
 * One gRPC message as it travels: its bytes and whether they are compressed with the stream's
 * grpc-encoding (Compressed-Flag). Decompression happens above {@code spec}.
 */
public record GrpcMessage(Bytes payload, boolean compressed) {
    public GrpcMessage {
        Objects.requireNonNull(payload);
    }

    public static GrpcMessage of(Bytes payload) {
        return new GrpcMessage(payload, false);
    }
}
