package io.grpcspec.client;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.client.TargetAddress.Tcp;
import io.grpcspec.client.TargetAddress.Unix;
import io.grpcspec.client.TargetAddress.UnixAbstract;
import io.grpcspec.client.TargetError.Kind;
import io.grpcspec.testing.Checks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TargetAddressTest {

    /** One row: a target and either the address it names or the error kind. */
    private record Row(String target, TargetAddress address, Kind error) {
        static Row ok(String target, TargetAddress a) {
            return new Row(target, a, null);
        }

        static Row bad(String target, Kind k) {
            return new Row(target, null, k);
        }
    }

    private static final List<Row> DNS = List.of(
            Row.ok("localhost:50051", new Tcp("localhost", 50051)),
            Row.ok("localhost", new Tcp("localhost", 443)),
            Row.ok("dns:///foo.example.com", new Tcp("foo.example.com", 443)),
            Row.ok("127.0.0.1", new Tcp("127.0.0.1", 443)),
            Row.ok("[::1]:50051", new Tcp("::1", 50051)),
            Row.ok("[::1]", new Tcp("::1", 443)),
            Row.ok("::1", new Tcp("::1", 443)),
            Row.ok("2001:db8::1", new Tcp("2001:db8::1", 443)),
            Row.ok("[::ffff:10.0.0.1]:8080", new Tcp("::ffff:10.0.0.1", 8080)),
            Row.ok(":50051", new Tcp("localhost", 50051)),
            Row.ok("dns:///[fe80::1%25eth0]:80", new Tcp("fe80::1%eth0", 80)),
            Row.ok("dns://8.8.8.8/svc.example:0", new Tcp("svc.example", 0)),
            Row.bad("dns:///", Kind.MISSING_ADDRESS),
            Row.bad("host:", Kind.EMPTY_PORT),
            Row.bad(":", Kind.EMPTY_PORT),
            Row.bad("[::1]:", Kind.EMPTY_PORT),
            Row.bad("host:http", Kind.BAD_PORT),
            Row.bad("host:65536", Kind.BAD_PORT),
            Row.bad("host:-1", Kind.BAD_PORT),
            Row.bad("[::1:50051", Kind.BAD_BRACKETS),
            Row.bad("[::1]x:5", Kind.BAD_BRACKETS),
            Row.bad("host]:5", Kind.BAD_BRACKETS),
            Row.bad("[[::1]]:5", Kind.BAD_BRACKETS),
            Row.bad("[foo]:80", Kind.BAD_IPV6),
            Row.bad("[1:2:3:4:5:6:7:8:9]:80", Kind.BAD_IPV6),
            Row.bad("foo:bar:80", Kind.TOO_MANY_COLONS),
            Row.bad("1::2::3:80", Kind.TOO_MANY_COLONS));

    private static final List<Row> OTHERS = List.of(
            Row.ok("passthrough:///10.0.0.1:50051", new Tcp("10.0.0.1", 50051)),
            Row.ok("passthrough:///[::1]:7", new Tcp("::1", 7)),
            Row.bad("passthrough:///10.0.0.1", Kind.MISSING_PORT),
            Row.bad("passthrough:///", Kind.MISSING_ADDRESS),
            Row.ok("unix:///tmp/grpc.sock", new Unix("/tmp/grpc.sock")),
            Row.ok("unix:/tmp/grpc.sock", new Unix("/tmp/grpc.sock")),
            Row.ok("unix:relative/grpc.sock", new Unix("relative/grpc.sock")),
            Row.bad("unix://host/tmp/grpc.sock", Kind.UNIX_AUTHORITY),
            Row.bad("unix:", Kind.UNIX_EMPTY_PATH),
            Row.bad("unix://", Kind.UNIX_EMPTY_PATH),
            Row.ok("unix-abstract:grpc-test", new UnixAbstract("grpc-test")),
            Row.bad("unix-abstract:///a%00b", Kind.ABSTRACT_NUL),
            Row.bad("unix-abstract://h/a", Kind.UNIX_AUTHORITY));

    private static void check(List<Row> rows) {
        List<Executable> checks = new ArrayList<>();
        for (Row row : rows) {
            checks.add(() -> {
                TargetResult<TargetAddress> r = Target.parse(row.target()).value().address();
                if (row.error() == null) {
                    assertEquals(row.address(), r.value(), row.target());
                } else {
                    assertEquals(row.error(), r.error().kind(), row.target() + " gave " + r);
                }
            });
        }
        assertAll(checks);
    }

    @Test
    @Checks({"CH-17"})
    void dnsEndpointsSplitLikeGrpcGo() {
        check(DNS);
    }

    @Test
    @Checks({"CH-18"})
    void passthroughAndUnixForms() {
        check(OTHERS);
    }

    @Test
    @Checks({"CH-17"})
    void errorsSayExactlyWhatIsWrong() {
        assertEquals(new TargetError(Kind.EMPTY_PORT, "dns:///[::1]:", "nothing after the port separator ':' in \"[::1]:\""),
                Target.parse("[::1]:").value().address().error());
        assertEquals(new TargetError(Kind.BAD_BRACKETS, "dns:///[::1:50051", "'[' without ']' in \"[::1:50051\""),
                Target.parse("[::1:50051").value().address().error());
    }

    @Test
    @Checks({"CH-18"})
    void unixErrorsSayExactlyWhatIsWrong() {
        assertEquals(new TargetError(Kind.UNIX_AUTHORITY, "unix://host/tmp/s",
                "authority \"host\" is not allowed; write unix:///absolute/path or unix:path"),
                Target.parse("unix://host/tmp/s").value().address().error());
        assertEquals(new TargetError(Kind.ABSTRACT_NUL, "unix-abstract:/a\0b",
                "an abstract socket name may not contain NUL"),
                Target.parse("unix-abstract:/a%00b").value().address().error());
        assertEquals("localhost", Target.parse("unix-abstract:name").value().defaultAuthority());
    }

    @Test
    @Checks({"CH-17"})
    void hostPortPutsBracketsBackAroundIpv6() {
        assertEquals("[::1]:50051", new Tcp("::1", 50051).hostPort());
        assertEquals("localhost:443", new Tcp("localhost", 443).hostPort());
    }
}
