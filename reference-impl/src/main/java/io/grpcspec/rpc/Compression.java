package io.grpcspec.rpc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Message compression (gRPC "compression.md"): the codecs named in {@code grpc-encoding} and
 * advertised in {@code grpc-accept-encoding}. Only {@code identity} and {@code gzip} are built
 * in; {@code deflate} is left out on purpose (few peers send it).
 */
public enum Compression {
    IDENTITY("identity"),
    GZIP("gzip");

    /**
     * The encodings we compress and decompress besides identity, by their grpc-encoding names:
     * what our client's and server's {@code CallConfig.encodings()} list, so the call machines
     * offer and accept exactly these (RPC-31, RPC-32).
     */
    public static final List<String> ENCODINGS = List.of("gzip");

    private final String headerName;

    Compression(String headerName) {
        this.headerName = headerName;
    }

    public String headerName() {
        return headerName;
    }

    /** The codec named by a {@code grpc-encoding} value, or null when we do not support it. */
    public static Compression byName(String name) {
        for (Compression c : values()) {
            if (c.headerName.equals(name)) return c;
        }
        return null;
    }

    public byte[] compress(byte[] message) {
        if (this == IDENTITY) return message;
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length / 2 + 32);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return out.toByteArray();
    }

    /**
     * Inflates {@code message}, refusing output beyond {@code maxSize} bytes so a small
     * compressed message cannot expand into an unbounded allocation (a "zip bomb").
     *
     * @throws MessageTooLargeException when the output would exceed {@code maxSize}
     * @throws IllegalArgumentException when the bytes are not valid for this codec
     */
    public byte[] decompress(byte[] message, int maxSize) {
        if (this == IDENTITY) return message;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(message))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > maxSize) throw new MessageTooLargeException(total, maxSize);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("bad " + headerName + " data: " + e.getMessage(), e);
        }
    }

    /** A decompressed message would exceed the receive limit. */
    public static final class MessageTooLargeException extends RuntimeException {
        public MessageTooLargeException(long atLeast, int limit) {
            super("decompressed message is larger than " + limit + " bytes (at least " + atLeast + ")");
        }
    }
}
