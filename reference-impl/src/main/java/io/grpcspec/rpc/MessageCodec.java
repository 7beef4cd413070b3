package io.grpcspec.rpc;

import io.grpcspec.spec.grpc.CallAction;
import io.grpcspec.spec.grpc.GrpcMessage;
import io.grpcspec.spec.grpc.Unreadable;
import io.grpcspec.wire.Bytes;

/**
 * The data transformation between application values and gRPC messages: the marshaller and the
 * compression codec, nothing else. It decides nothing about the call: a message that cannot be
 * read comes back as {@link Failed} with the {@link Unreadable} kind, which the driver hands to
 * the call machine as an event; the machine chooses the status.
 */
public final class MessageCodec {
    private MessageCodec() {}

    /** The outcome of reading a delivered message. */
    public sealed interface Read<T> {}

    /** The message's value. */
    public record Value<T>(T value) implements Read<T> {}

    /** The message could not be read. */
    public record Failed<T>(Unreadable why, String detail) implements Read<T> {}

    /**
     * Decompresses (when the message is compressed, with the action's encoding and stopping at its
     * size limit) and parses the message of {@code d}.
     */
    public static <T> Read<T> read(CallAction.DeliverMessage d, Marshaller<T> marshaller) {
        byte[] bytes = d.message().payload().toByteArray();
        if (d.message().compressed()) {
            Compression codec = Compression.byName(d.encoding());
            if (codec == null) return new Failed<>(Unreadable.CORRUPT, "no decompressor for grpc-encoding " + d.encoding());
            try {
                bytes = codec.decompress(bytes, d.maxBytes());
            } catch (Compression.MessageTooLargeException e) {
                return new Failed<>(Unreadable.TOO_LARGE, e.getMessage());
            } catch (IllegalArgumentException e) {
                return new Failed<>(Unreadable.CORRUPT, "cannot decompress the message: " + e.getMessage());
            }
        }
        try {
            return new Value<>(marshaller.fromBytes(bytes));
        } catch (IllegalArgumentException e) {
            return new Failed<>(Unreadable.UNPARSABLE, "cannot parse the message: " + e.getMessage());
        }
    }

    /** A message ready to send, and its size before compression (the send limit applies to it). */
    public record Written(GrpcMessage message, int uncompressedBytes) {}

    /** Marshals {@code value} and compresses it with {@code codec} unless that is null or identity. */
    public static <T> Written write(T value, Marshaller<T> marshaller, Compression codec) {
        byte[] raw = marshaller.toBytes(value); // a new array the marshaller does not keep
        if (codec == null || codec == Compression.IDENTITY) return new Written(GrpcMessage.of(Bytes.adopt(raw)), raw.length);
        return new Written(new GrpcMessage(Bytes.adopt(codec.compress(raw)), true), raw.length);
    }
}
