package io.grpcspec.spec.grpc;

import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.List;

/** Header lists for tests, written as name/value pairs. */
final class Fields {
    private Fields() {}

    static List<HeaderField> of(String... nameValue) {
        if (nameValue.length % 2 != 0) throw new IllegalArgumentException("odd number of strings");
        List<HeaderField> out = new ArrayList<>();
        for (int i = 0; i < nameValue.length; i += 2) out.add(new HeaderField(nameValue[i], nameValue[i + 1]));
        return out;
    }

    /** A valid request for /pkg.Svc/Call. */
    static List<HeaderField> request(String... extra) {
        List<HeaderField> f = of(":method", "POST", ":scheme", "http", ":path", "/pkg.Svc/Call", ":authority", "localhost",
                "te", "trailers", "content-type", "application/grpc");
        f.addAll(of(extra));
        return f;
    }

    /** {@code base} with the field {@code name} replaced by {@code value} (or removed when value is null). */
    static List<HeaderField> with(List<HeaderField> base, String name, String value) {
        List<HeaderField> out = new ArrayList<>();
        for (HeaderField f : base) {
            if (!f.name().equals(name)) out.add(f);
            else if (value != null) out.add(new HeaderField(name, value));
        }
        return out;
    }

    static List<HeaderField> plus(List<HeaderField> base, String... nameValue) {
        List<HeaderField> out = new ArrayList<>(base);
        out.addAll(of(nameValue));
        return out;
    }

    /** Response headers that open a response. */
    static List<HeaderField> responseHeaders(String... extra) {
        List<HeaderField> f = of(":status", "200", "content-type", "application/grpc");
        f.addAll(of(extra));
        return f;
    }
}
