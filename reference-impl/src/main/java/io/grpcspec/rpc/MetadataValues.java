package io.grpcspec.rpc;

import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.wire.Bytes;
import java.util.ArrayList;
import java.util.List;

/** Lookups over {@link Metadata} (names are lowercase on the wire, so lookups are exact). */
public final class MetadataValues {
    private MetadataValues() {}

    /** The last ASCII value named {@code name}, or null. */
    public static String text(Metadata md, String name) {
        Metadata.Entry e = last(md, name);
        return e == null || e.isBinary() ? null : e.text();
    }

    /** The last binary value named {@code name} (a {@code -bin} name), or null. */
    public static Bytes binary(Metadata md, String name) {
        Metadata.Entry e = last(md, name);
        return e == null || !e.isBinary() ? null : e.value();
    }

    /** Every value named {@code name}, in order. */
    public static List<Bytes> all(Metadata md, String name) {
        List<Bytes> out = new ArrayList<>();
        for (Metadata.Entry e : md.entries()) if (e.name().equals(name)) out.add(e.value());
        return out;
    }

    /** {@code a} followed by {@code b}. */
    public static Metadata concat(Metadata a, Metadata b) {
        if (b.entries().isEmpty()) return a;
        if (a.entries().isEmpty()) return b;
        List<Metadata.Entry> all = new ArrayList<>(a.entries());
        all.addAll(b.entries());
        return new Metadata(all);
    }

    private static Metadata.Entry last(Metadata md, String name) {
        List<Metadata.Entry> es = md.entries();
        for (int i = es.size() - 1; i >= 0; i--) {
            if (es.get(i).name().equals(name)) return es.get(i);
        }
        return null;
    }
}
