package io.grpcspec.spec.grpc;

import io.grpcspec.traceability.Enforces;
import java.util.List;

/**
 * Per-call limits and capabilities of our side.
 *
 * @param maxReceiveMessageBytes largest message accepted, on the wire and decompressed
 *     ({@link RpcRules#RPC_16}, {@link RpcRules#RPC_34})
 * @param maxSendMessageBytes largest message we send ({@link RpcRules#RPC_33})
 * @param encodings message encodings we can compress and decompress, besides {@code identity}
 *     (RPC-13, RPC-14, {@link RpcRules#RPC_31}, {@link RpcRules#RPC_32}); names as in
 *     grpc-encoding, e.g. {@code gzip}
 * @param receiveBacklogBytes undelivered received messages, in bytes, above which stream credit waits for
 *     the application ({@link RpcRules#RPC_38}; {@link Inbox#BACKLOG_LIMIT} by default)
 */
public record CallConfig(int maxReceiveMessageBytes, int maxSendMessageBytes, List<String> encodings, int receiveBacklogBytes) {

    /** grpc-go's and grpc-java's defaults: 4 MiB in, no limit out, no compression; a 1 MiB receive backlog. */
    public static final CallConfig DEFAULT = new CallConfig(MessageDeframer.DEFAULT_MAX_MESSAGE_BYTES, Integer.MAX_VALUE, List.of());

    public CallConfig {
        if (maxReceiveMessageBytes < 0 || maxSendMessageBytes < 0 || receiveBacklogBytes < 0) {
            throw new IllegalArgumentException("negative limit");
        }
        encodings = List.copyOf(encodings);
    }

    /** These limits and encodings with the default receive backlog ({@link Inbox#BACKLOG_LIMIT}). */
    public CallConfig(int maxReceiveMessageBytes, int maxSendMessageBytes, List<String> encodings) {
        this(maxReceiveMessageBytes, maxSendMessageBytes, encodings, Inbox.BACKLOG_LIMIT);
    }

    /** Limits in, none out. */
    public CallConfig(int maxReceiveMessageBytes, List<String> encodings) {
        this(maxReceiveMessageBytes, Integer.MAX_VALUE, encodings);
    }

    /** This configuration with {@code bytes} of undelivered messages held before credit waits ({@link RpcRules#RPC_38}). */
    public CallConfig withReceiveBacklog(int bytes) {
        return new CallConfig(maxReceiveMessageBytes, maxSendMessageBytes, encodings, bytes);
    }

    /** Whether a grpc-encoding can be used: absent and identity always can. */
    public boolean supports(String encoding) {
        return encoding == null || encoding.equals("identity") || encodings.contains(encoding);
    }

    /** The value for grpc-accept-encoding: our encodings, or {@code identity} when we have none. */
    public String acceptEncoding() {
        return encodings.isEmpty() ? "identity" : String.join(",", encodings);
    }

    /** A deframer for a stream whose grpc-encoding is {@code encoding} (null when absent). */
    @Enforces("RPC-31")
    MessageDeframer deframer(String encoding) {
        boolean usable = encoding != null && !encoding.equals("identity") && encodings.contains(encoding);
        return MessageDeframer.create(maxReceiveMessageBytes, usable ? encoding : null);
    }
}
