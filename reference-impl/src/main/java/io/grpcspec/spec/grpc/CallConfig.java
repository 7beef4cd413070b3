package io.grpcspec.spec.grpc;

import java.util.List;

/**
 * Per-call limits and capabilities of our side.
 *
 * @param maxReceiveMessageBytes largest message accepted (RPC-16)
 * @param encodings message encodings we can decompress, besides {@code identity} (RPC-13, RPC-14);
 *     names as in grpc-encoding, e.g. {@code gzip}
 */
public record CallConfig(int maxReceiveMessageBytes, List<String> encodings) {

    public static final CallConfig DEFAULT = new CallConfig(MessageDeframer.DEFAULT_MAX_MESSAGE_BYTES, List.of());

    public CallConfig {
        if (maxReceiveMessageBytes < 0) throw new IllegalArgumentException("negative limit");
        encodings = List.copyOf(encodings);
    }

    /** Whether a received grpc-encoding can be decoded: absent and identity always can. */
    public boolean supports(String encoding) {
        return encoding == null || encoding.equals("identity") || encodings.contains(encoding);
    }

    /** The value for grpc-accept-encoding: our encodings, or {@code identity} when we have none. */
    public String acceptEncoding() {
        return encodings.isEmpty() ? "identity" : String.join(",", encodings);
    }

    /** A deframer for a stream whose grpc-encoding is {@code encoding} (null when absent). */
    MessageDeframer deframer(String encoding) {
        boolean usable = encoding != null && !encoding.equals("identity") && encodings.contains(encoding);
        return MessageDeframer.create(maxReceiveMessageBytes, usable ? encoding : null);
    }
}
