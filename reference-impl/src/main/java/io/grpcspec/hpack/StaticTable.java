package io.grpcspec.hpack;

import io.grpcspec.wire.HeaderField;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The 61-entry static table of RFC 7541 Appendix A, indexed from 1. */
final class StaticTable {
    private StaticTable() {}

    static final List<HeaderField> ENTRIES = List.of(
            f(":authority", ""),
            f(":method", "GET"),
            f(":method", "POST"),
            f(":path", "/"),
            f(":path", "/index.html"),
            f(":scheme", "http"),
            f(":scheme", "https"),
            f(":status", "200"),
            f(":status", "204"),
            f(":status", "206"),
            f(":status", "304"),
            f(":status", "400"),
            f(":status", "404"),
            f(":status", "500"),
            f("accept-charset", ""),
            f("accept-encoding", "gzip, deflate"),
            f("accept-language", ""),
            f("accept-ranges", ""),
            f("accept", ""),
            f("access-control-allow-origin", ""),
            f("age", ""),
            f("allow", ""),
            f("authorization", ""),
            f("cache-control", ""),
            f("content-disposition", ""),
            f("content-encoding", ""),
            f("content-language", ""),
            f("content-length", ""),
            f("content-location", ""),
            f("content-range", ""),
            f("content-type", ""),
            f("cookie", ""),
            f("date", ""),
            f("etag", ""),
            f("expect", ""),
            f("expires", ""),
            f("from", ""),
            f("host", ""),
            f("if-match", ""),
            f("if-modified-since", ""),
            f("if-none-match", ""),
            f("if-range", ""),
            f("if-unmodified-since", ""),
            f("last-modified", ""),
            f("link", ""),
            f("location", ""),
            f("max-forwards", ""),
            f("proxy-authenticate", ""),
            f("proxy-authorization", ""),
            f("range", ""),
            f("referer", ""),
            f("refresh", ""),
            f("retry-after", ""),
            f("server", ""),
            f("set-cookie", ""),
            f("strict-transport-security", ""),
            f("transfer-encoding", ""),
            f("user-agent", ""),
            f("vary", ""),
            f("via", ""),
            f("www-authenticate", ""));

    /** Number of entries; dynamic indices start right after it. */
    static final int LENGTH = ENTRIES.size();

    /** First (lowest) index holding each name: the encoder's name reference of choice. */
    private static final Map<String, Integer> BY_NAME = new HashMap<>();
    /** Index of each exact name+value pair whose value is not empty. */
    private static final Map<String, Map<String, Integer>> BY_FIELD = new HashMap<>();

    static {
        for (int i = 0; i < LENGTH; i++) {
            HeaderField f = ENTRIES.get(i);
            BY_NAME.putIfAbsent(f.name(), i + 1);
            BY_FIELD.computeIfAbsent(f.name(), n -> new HashMap<>()).putIfAbsent(f.value(), i + 1);
        }
    }

    /** Entry at 1-based {@code index}, which the caller has checked is in 1..LENGTH. */
    static HeaderField get(int index) {
        return ENTRIES.get(index - 1);
    }

    /** Index of the exact field, or 0. */
    static int indexOf(String name, String value) {
        Map<String, Integer> values = BY_FIELD.get(name);
        if (values == null) return 0;
        Integer i = values.get(value);
        return i == null ? 0 : i;
    }

    /** Lowest index with this name, or 0. */
    static int indexOfName(String name) {
        Integer i = BY_NAME.get(name);
        return i == null ? 0 : i;
    }

    private static HeaderField f(String name, String value) {
        return new HeaderField(name, value);
    }
}
