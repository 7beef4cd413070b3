package io.grpcspec.spec.grpc;

import io.grpcspec.wire.Bytes;

/** Writes Length-Prefixed-Message: Compressed-Flag (1 byte), Message-Length (4 bytes, big-endian), Message. */
public final class MessageFramer {
    private MessageFramer() {}

    /** Size of the prefix in front of every message. */
    public static final int PREFIX_LENGTH = 5;

    public static Bytes frame(GrpcMessage message) {
        Bytes body = message.payload();
        int n = body.length();
        byte[] out = new byte[PREFIX_LENGTH + n];
        out[0] = (byte) (message.compressed() ? 1 : 0);
        out[1] = (byte) (n >>> 24);
        out[2] = (byte) (n >>> 16);
        out[3] = (byte) (n >>> 8);
        out[4] = (byte) n;
        body.copyTo(out, PREFIX_LENGTH);
        return Bytes.adopt(out); // made here, held by nobody else
    }

    public static Bytes frame(Bytes payload) {
        return frame(GrpcMessage.of(payload));
    }
}
