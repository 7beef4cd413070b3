package io.grpcspec.hpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.codec.HpackErrors;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: hex blocks, header lists written as "name: value" lines, decode expectations. */
final class Hpack {
    private Hpack() {}

    static Bytes hex(String hex) {
        return Bytes.ofHex(hex);
    }

    /** Fields from "name: value" strings; the name may start with ':'. */
    static List<HeaderField> fields(String... lines) {
        List<HeaderField> list = new ArrayList<>();
        for (String line : lines) {
            int colon = line.indexOf(": ", 1);
            list.add(new HeaderField(line.substring(0, colon), line.substring(colon + 2)));
        }
        return list;
    }

    /** Decodes {@code hex}, expecting success, and returns the fields. */
    static List<HeaderField> decodeOk(HpackDecoder decoder, String hex) {
        DecodeResult r = decoder.decode(hex(hex));
        return assertInstanceOf(DecodeResult.Fields.class, r, () -> "expected fields, got " + r).fields();
    }

    /**
     * Decodes {@code hex}, expecting a failure the spec answers ({@link HpackErrors}) with a
     * COMPRESSION_ERROR connection error for {@code rule}.
     */
    static HpackError decodeFails(HpackDecoder decoder, String hex, Rule rule) {
        DecodeResult r = decoder.decode(hex(hex));
        HpackError e = assertInstanceOf(DecodeResult.Failed.class, r, () -> "expected a failure, got " + r).error();
        Violation v = HpackErrors.violation(e);
        assertEquals(rule, v.rule(), () -> "wrong rule: " + e);
        assertEquals(ErrorCode.COMPRESSION_ERROR, v.code());
        assertEquals(Scope.CONNECTION, v.scope());
        return e;
    }
}
