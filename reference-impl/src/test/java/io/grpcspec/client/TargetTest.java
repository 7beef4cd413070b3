package io.grpcspec.client;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.client.TargetError.Kind;
import io.grpcspec.testing.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TargetTest {

    private static final Set<String> WITH_EXAMPLE = Set.of("dns", "passthrough", "unix", "unix-abstract", "example");

    /** One row: input, expected scheme, authority (null: none), path, endpoint. */
    private record Parsed(String input, String scheme, String authority, String path, String endpoint) {}

    private static final List<Parsed> PARSED = List.of(
            // No scheme: the whole target is the dns endpoint.
            new Parsed("localhost:50051", "dns", "", "/localhost:50051", "localhost:50051"),
            new Parsed("localhost", "dns", "", "/localhost", "localhost"),
            new Parsed("127.0.0.1:50051", "dns", "", "/127.0.0.1:50051", "127.0.0.1:50051"),
            new Parsed("[::1]:50051", "dns", "", "/[::1]:50051", "[::1]:50051"),
            new Parsed("::1", "dns", "", "/::1", "::1"),
            // Registered schemes.
            new Parsed("dns:///foo.example.com:8080", "dns", "", "/foo.example.com:8080", "foo.example.com:8080"),
            new Parsed("dns://8.8.8.8/foo.example.com:8080", "dns", "8.8.8.8", "/foo.example.com:8080", "foo.example.com:8080"),
            new Parsed("dns://[2001:4860:4860::8888]:53/foo", "dns", "[2001:4860:4860::8888]:53", "/foo", "foo"),
            new Parsed("dns:foo.example.com:443", "dns", null, "foo.example.com:443", "foo.example.com:443"),
            new Parsed("DNS:///Host:1", "dns", "", "/Host:1", "Host:1"),
            new Parsed("passthrough:///10.0.0.1:50051", "passthrough", "", "/10.0.0.1:50051", "10.0.0.1:50051"),
            new Parsed("unix:path/to/grpc.sock", "unix", null, "path/to/grpc.sock", "path/to/grpc.sock"),
            new Parsed("unix:/abs/grpc.sock", "unix", null, "/abs/grpc.sock", "abs/grpc.sock"),
            new Parsed("unix:///abs/grpc.sock", "unix", "", "/abs/grpc.sock", "abs/grpc.sock"),
            new Parsed("unix-abstract:my-socket", "unix-abstract", null, "my-socket", "my-socket"),
            // A hierarchical path is percent-decoded, an opaque one is kept (as Go's url.Parse).
            new Parsed("unix:///tmp/a%20b", "unix", "", "/tmp/a b", "tmp/a b"),
            new Parsed("unix:a%20b", "unix", null, "a%20b", "a%20b"),
            new Parsed("dns:///[fe80::1%25eth0]:80", "dns", "", "/[fe80::1%eth0]:80", "[fe80::1%eth0]:80"),
            // Unregistered scheme: falls back to dns with the whole string.
            new Parsed("example://auth/svc", "dns", "", "/example://auth/svc", "example://auth/svc"));

    @Test
    @Checks({"CH-16"})
    void parsesTargetsLikeGrpcGo() {
        List<Executable> checks = new ArrayList<>();
        for (Parsed p : PARSED) {
            checks.add(() -> {
                Target t = Target.parse(p.input()).value();
                assertEquals(new Target(p.scheme(), Optional.ofNullable(p.authority()), p.path()), t, p.input());
                assertEquals(p.endpoint(), t.endpoint(), p.input());
            });
        }
        assertAll(checks);
    }

    @Test
    @Checks({"CH-16"})
    void aRegisteredCustomSchemeIsParsedAsAUri() {
        Target t = Target.parse("example://auth/svc", WITH_EXAMPLE, "dns").value();
        assertEquals(new Target("example", Optional.of("auth"), "/svc"), t);
        assertEquals("svc", t.endpoint());
        assertEquals(Kind.UNSUPPORTED_SCHEME, t.address().error().kind());
    }

    @Test
    @Checks({"CH-16"})
    void theDefaultSchemeIsAnInput() {
        Target t = Target.parse("10.0.0.1:50051", Target.BUILT_IN_SCHEMES, "passthrough").value();
        assertEquals("passthrough:///10.0.0.1:50051", t.toString());
    }

    /** One row: input and the error kind parsing must give. */
    private record Bad(String input, Kind kind) {}

    private static final List<Bad> BAD_TARGETS = List.of(
            new Bad("", Kind.EMPTY),
            new Bad("dns:///host:1?x=1", Kind.QUERY_OR_FRAGMENT),
            new Bad("localhost:50051#frag", Kind.QUERY_OR_FRAGMENT),
            new Bad("unix:///tmp/%zz", Kind.BAD_PERCENT_ENCODING),
            new Bad("unix:///tmp/%c3%28", Kind.BAD_PERCENT_ENCODING),
            new Bad("dns://[::1/foo", Kind.BAD_AUTHORITY),
            new Bad("dns://[dns.example]:53/foo", Kind.BAD_AUTHORITY),
            new Bad("dns://::1/foo", Kind.BAD_AUTHORITY),
            new Bad("dns://user@8.8.8.8/foo", Kind.BAD_AUTHORITY),
            new Bad("dns://8.8.8.8:99999/foo", Kind.BAD_AUTHORITY));

    @Test
    @Checks({"CH-16"})
    void malformedTargetsGetPreciseErrors() {
        List<Executable> checks = new ArrayList<>();
        for (Bad b : BAD_TARGETS) {
            checks.add(() -> {
                TargetResult<Target> r = Target.parse(b.input());
                assertTrue(!r.isOk(), b.input() + " parsed as " + r);
                assertEquals(b.kind(), r.error().kind(), b.input() + ": " + r.error());
                assertEquals(b.input(), r.error().target());
            });
        }
        assertAll(checks);
    }

    @Test
    @Checks({"CH-16"})
    void fallingBackNeedsTheDefaultSchemeRegistered() {
        TargetError e = Target.parse("localhost:1", Set.of("unix"), "dns").error();
        assertEquals(new TargetError(Kind.NO_RESOLVER, "localhost:1",
                "no registered scheme matches and the default scheme \"dns\" is not registered"), e);
    }

    @Test
    @Checks({"CH-16"})
    void defaultAuthorityFollowsGrpcGo() {
        assertEquals("localhost:50051", Target.parse("localhost:50051").value().defaultAuthority());
        assertEquals("localhost:50051", Target.parse(":50051").value().defaultAuthority());
        assertEquals("foo:1", Target.parse("dns://8.8.8.8/foo:1").value().defaultAuthority());
        assertEquals("localhost", Target.parse("unix:///tmp/s").value().defaultAuthority());
    }
}
