package io.grpcspec.rpc;

import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Custom metadata of a call (gRPC PROTOCOL-HTTP2 "Custom-Metadata"): an ordered list of
 * key/value entries. Keys are lowercase; keys ending in {@code -bin} carry bytes, which travel
 * base64-encoded; other values are printable ASCII. Reserved headers ({@code :pseudo},
 * {@code grpc-*} the protocol owns, {@code content-type}, {@code te}, {@code user-agent}) are
 * not metadata and are dropped when reading a header list.
 */
public final class Metadata {

    /** Header names that belong to the transport or the gRPC protocol, never to applications. */
    private static final Set<String> RESERVED = Set.of("content-type", "te", "user-agent", "grpc-timeout",
            "grpc-encoding", "grpc-accept-encoding", "grpc-status", "grpc-message", "grpc-status-details-bin",
            "grpc-message-type", "host", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");

    /** One entry; {@code value} is the wire form (base64 for -bin keys). */
    public record Entry(String key, String value) {}

    private final List<Entry> entries = new ArrayList<>();

    public Metadata() {}

    public static Metadata of(String... keyValues) {
        Metadata m = new Metadata();
        for (int i = 0; i + 1 < keyValues.length; i += 2) m.add(keyValues[i], keyValues[i + 1]);
        return m;
    }

    /** Adds an ASCII entry. */
    public Metadata add(String key, String value) {
        String k = checkKey(key);
        if (k.endsWith("-bin")) throw new IllegalArgumentException(key + " is a binary key: use addBinary");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) throw new IllegalArgumentException("metadata value of " + key + " is not printable ASCII");
        }
        entries.add(new Entry(k, value));
        return this;
    }

    /** Adds a binary entry; {@code key} must end in {@code -bin}. */
    public Metadata addBinary(String key, byte[] value) {
        String k = checkKey(key);
        if (!k.endsWith("-bin")) throw new IllegalArgumentException(key + " is not a binary key (-bin)");
        entries.add(new Entry(k, Base64.getEncoder().withoutPadding().encodeToString(value)));
        return this;
    }

    /** The last ASCII value of {@code key}, or null. */
    public String get(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).key().equals(k)) return entries.get(i).value();
        }
        return null;
    }

    /** The last binary value of {@code key}, or null. Padded and unpadded base64 are both accepted. */
    public byte[] getBinary(String key) {
        String v = get(key);
        return v == null ? null : Base64.getDecoder().decode(v.trim());
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public Metadata merge(Metadata other) {
        entries.addAll(other.entries);
        return this;
    }

    /** The entries as header fields, in order. */
    public List<HeaderField> toHeaderFields() {
        List<HeaderField> out = new ArrayList<>(entries.size());
        for (Entry e : entries) out.add(new HeaderField(e.key(), e.value()));
        return out;
    }

    /** The application metadata among {@code fields}: pseudo-headers and reserved names dropped. */
    public static Metadata fromHeaderFields(List<HeaderField> fields) {
        Metadata m = new Metadata();
        for (HeaderField f : fields) {
            if (f.isPseudo() || RESERVED.contains(f.name())) continue;
            m.entries.add(new Entry(f.name(), f.value()));
        }
        return m;
    }

    public static boolean isReserved(String key) {
        return key.startsWith(":") || RESERVED.contains(key.toLowerCase(Locale.ROOT));
    }

    private static String checkKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.isEmpty() || isReserved(k)) throw new IllegalArgumentException("not a metadata key: " + key);
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!ok) throw new IllegalArgumentException("metadata key has '" + c + "': " + key);
        }
        return k;
    }

    @Override
    public String toString() {
        return entries.toString();
    }

}
