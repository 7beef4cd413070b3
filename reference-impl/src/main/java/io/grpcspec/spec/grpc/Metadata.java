package io.grpcspec.spec.grpc;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Custom metadata (gRPC PROTOCOL-HTTP2, Custom-Metadata): name/value pairs beside the call
 * definition. Names ending in {@code -bin} carry bytes, base64-encoded on the wire; other values
 * are printable ASCII. Values are kept as {@link Bytes}: the decoded octets of a binary entry,
 * the Latin-1 octets of an ASCII one.
 */
public record Metadata(List<Entry> entries) {

    public static final Metadata EMPTY = new Metadata(List.of());

    /** Field names that belong to the call definition and are never custom metadata. */
    static final Set<String> CALL_FIELDS = Set.of("content-type", "te", "user-agent", "grpc-timeout",
            "grpc-encoding", "grpc-accept-encoding", "grpc-message-type", "grpc-status", "grpc-message");

    /** RFC 9113 §8.2.2: fields that only make sense for one hop of HTTP/1.1. */
    static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade");

    public Metadata {
        entries = List.copyOf(entries);
    }

    public static Metadata of(Entry... entries) {
        return new Metadata(List.of(entries));
    }

    /** One entry. Build with {@link #ascii} or {@link #binary}, which check what an application may send. */
    public record Entry(String name, Bytes value) {
        public boolean isBinary() {
            return name.endsWith("-bin");
        }

        /** The value as text (ASCII entries). */
        public String text() {
            return value.ascii();
        }

        @Override
        public String toString() {
            return name + ": " + (isBinary() ? value.toString() : text());
        }
    }

    /** An ASCII entry an application wants to send; throws for a name or value gRPC does not allow. */
    public static Entry ascii(String name, String value) {
        checkName(name);
        if (name.endsWith("-bin")) throw new IllegalArgumentException(name + " is a binary name: use binary()");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) throw new IllegalArgumentException("metadata " + name + " has a non-printable character");
        }
        return new Entry(name, Bytes.of(value.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** A binary entry an application wants to send; {@code name} must end in {@code -bin}. */
    public static Entry binary(String name, Bytes value) {
        checkName(name);
        if (!name.endsWith("-bin")) throw new IllegalArgumentException(name + " does not end in -bin");
        return new Entry(name, value);
    }

    private static void checkName(String name) {
        if (name.isEmpty()) throw new IllegalArgumentException("empty metadata name");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '_' || c == '-' || c == '.';
            if (!ok) throw new IllegalArgumentException("metadata name " + name + " has '" + c + "' (allowed: 0-9 a-z _ - .)");
        }
        // grpc-* names are reserved for gRPC itself (PROTOCOL-HTTP2, Custom-Metadata).
        if (name.startsWith("grpc-")) throw new IllegalArgumentException(name + " is reserved for gRPC");
        if (CALL_FIELDS.contains(name) || CONNECTION_SPECIFIC.contains(name) || name.equals("host")) {
            throw new IllegalArgumentException(name + " is not custom metadata");
        }
    }

    /** The header fields for this metadata: binary values as unpadded base64, as the doc asks senders to. */
    public List<HeaderField> toFields() {
        List<HeaderField> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            String v = e.isBinary() ? Base64.getEncoder().withoutPadding().encodeToString(e.value().toByteArray()) : e.text();
            out.add(new HeaderField(e.name(), v));
        }
        return out;
    }

    /**
     * Decodes a received {@code -bin} value: base64 with or without padding, several values joined
     * by ',' (an intermediary may have merged repeated fields). Null when it does not decode.
     */
    static List<Bytes> decodeBinary(String value) {
        List<Bytes> out = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String p = part.strip();
            // Java's basic decoder takes padded and unpadded input alike, and rejects bad padding.
            try {
                out.add(Bytes.of(Base64.getDecoder().decode(p)));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return out;
    }

    /** The metadata among received {@code fields}: skips pseudo-headers and call-definition fields. */
    static Metadata fromReceived(List<HeaderField> fields) {
        List<Entry> out = new ArrayList<>();
        for (HeaderField f : fields) {
            if (f.isPseudo() || CALL_FIELDS.contains(f.name())) continue;
            if (f.name().endsWith("-bin")) {
                List<Bytes> values = decodeBinary(f.value());
                if (values == null) continue; // callers check -bin values before delivering
                for (Bytes b : values) out.add(new Entry(f.name(), b));
            } else {
                out.add(new Entry(f.name(), Bytes.of(f.value().getBytes(StandardCharsets.ISO_8859_1))));
            }
        }
        return new Metadata(out);
    }

    /** The first received {@code -bin} field that does not decode, or null. */
    static HeaderField firstBadBinary(List<HeaderField> fields) {
        for (HeaderField f : fields) {
            if (!f.isPseudo() && f.name().endsWith("-bin") && decodeBinary(f.value()) == null) return f;
        }
        return null;
    }
}
