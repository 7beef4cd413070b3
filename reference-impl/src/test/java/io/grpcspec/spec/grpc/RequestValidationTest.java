package io.grpcspec.spec.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RequestValidationTest {

    private static RequestValidation.Outcome validate(List<HeaderField> f) {
        return RequestValidation.validate(f, CallConfig.DEFAULT);
    }

    private static void assertMalformed(String rule, List<HeaderField> f) {
        RequestValidation.Malformed m = assertInstanceOf(RequestValidation.Malformed.class, validate(f));
        assertEquals(rule, m.rule().id(), m.detail());
    }

    private static RequestValidation.Rejected assertRejected(String rule, int httpStatus, StatusCode code, List<HeaderField> f) {
        RequestValidation.Rejected r = assertInstanceOf(RequestValidation.Rejected.class, validate(f));
        assertEquals(rule, r.rule().id());
        assertEquals(httpStatus, r.httpStatus());
        assertEquals(code, r.status().code());
        return r;
    }

    private static RequestValidation.NotGrpc assertNotGrpc(String rule, int httpStatus, StatusCode code, List<HeaderField> f) {
        RequestValidation.NotGrpc r = assertInstanceOf(RequestValidation.NotGrpc.class, validate(f));
        assertEquals(rule, r.rule().id());
        assertEquals(httpStatus, r.httpStatus());
        assertEquals(code, r.status().code());
        return r;
    }

    @Test
    @Checks({"RPC-1", "RPC-2", "RPC-3", "RPC-7", "RPC-10", "RPC-11", "RPC-12"})
    void aValidRequestIsAcceptedWithEveryPart() {
        List<HeaderField> f = Fields.of(":method", "POST", ":scheme", "https", ":path", "/pkg.Svc/Call",
                ":authority", "example.com:443", "grpc-timeout", "1S", "te", "trailers",
                "content-type", "application/grpc+proto", "grpc-accept-encoding", "identity,gzip",
                "user-agent", "grpc-java/1.2.3", "x-token", "abc", "trace-bin", "AAEC", "trace-bin", "AwQ=,BQ");
        RequestValidation.Accepted a = assertInstanceOf(RequestValidation.Accepted.class, validate(f));
        RequestHeaders r = a.request();
        assertEquals("https", r.scheme());
        assertEquals("pkg.Svc", r.service());
        assertEquals("Call", r.method());
        assertEquals("example.com:443", r.authority());
        assertEquals(OptionalLong.of(1_000_000_000L), r.timeoutNanos());
        assertEquals("application/grpc+proto", r.contentType());
        assertEquals("identity,gzip", r.acceptEncoding());
        assertEquals("grpc-java/1.2.3", r.userAgent());
        assertEquals(List.of(
                new Metadata.Entry("x-token", Bytes.ofAscii("abc")),
                new Metadata.Entry("trace-bin", Bytes.of((byte) 0, (byte) 1, (byte) 2)),
                new Metadata.Entry("trace-bin", Bytes.of((byte) 3, (byte) 4)),
                new Metadata.Entry("trace-bin", Bytes.of((byte) 5))), r.metadata().entries());
        assertEquals(List.of(), a.faults());
    }

    @Test
    @Checks({"RPC-1", "RPC-44"})
    void aMethodOtherThanPostGets405WithInternal() {
        RequestValidation.NotGrpc r = assertNotGrpc("RPC-1", 405, StatusCode.INTERNAL, Fields.with(Fields.request(), ":method", "GET"));
        String body = "405 Method Not Allowed: received a HEADERS frame with :method \"GET\" which should be POST\n";
        assertEquals(Bytes.ofAscii(body), r.body());
        assertEquals(Fields.of(":status", "405", "content-type", "text/plain; charset=utf-8", "content-length", "" + body.length(),
                "grpc-status", "13", "grpc-message", "received a HEADERS frame with :method \"GET\" which should be POST"), r.response());
    }

    @Test
    @Checks({"RPC-2", "RPC-44"})
    void aNonGrpcContentTypeGets415WithTheExactHeaders() {
        RequestValidation.NotGrpc r = assertNotGrpc("RPC-2", 415, StatusCode.INVALID_ARGUMENT,
                Fields.with(Fields.request(), "content-type", "application/json"));
        String body = "415 Unsupported Media Type: invalid gRPC request content-type \"application/json\"\n";
        assertEquals(Bytes.ofAscii(body), r.body());
        assertEquals(Fields.of(":status", "415", "content-type", "text/plain; charset=utf-8", "content-length", "" + body.length(),
                "grpc-status", "3", "grpc-message", "invalid gRPC request content-type \"application/json\""), r.response());
        assertNotGrpc("RPC-2", 415, StatusCode.INVALID_ARGUMENT, Fields.with(Fields.request(), "content-type", null));
        assertNotGrpc("RPC-2", 415, StatusCode.INVALID_ARGUMENT, Fields.with(Fields.request(), "content-type", "application/grpcx"));
    }

    @Test
    @Checks("RPC-2")
    void grpcContentTypesWithSubtypeOrParametersAreAccepted() {
        for (String ct : List.of("application/grpc", "application/grpc+proto", "application/grpc;charset=utf-8", "application/grpc+json;v=1")) {
            assertInstanceOf(RequestValidation.Accepted.class, validate(Fields.with(Fields.request(), "content-type", ct)), ct);
        }
        assertEquals("proto", RequestHeaders.contentSubtype("application/grpc+proto;x=y"));
        assertEquals("", RequestHeaders.contentSubtype("application/grpc;x=y"));
    }

    @Test
    @Checks("RPC-3")
    void aMissingTeIsReportedButServed() {
        RequestValidation.Accepted a = assertInstanceOf(RequestValidation.Accepted.class, validate(Fields.with(Fields.request(), "te", null)));
        assertEquals(1, a.faults().size());
        assertEquals("RPC-3", a.faults().get(0).rule().id());
    }

    @Test
    @Checks("RPC-4")
    void teOtherThanTrailersIsMalformed() {
        assertMalformed("RPC-4", Fields.with(Fields.request(), "te", "gzip"));
        assertMalformed("RPC-4", Fields.with(Fields.request(), "te", "trailers, deflate"));
    }

    @Test
    @Checks("RPC-5")
    void connectionSpecificFieldsAreMalformed() {
        for (String name : List.of("connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade")) {
            assertMalformed("RPC-5", Fields.plus(Fields.request(), name, "x"));
        }
    }

    @Test
    @Checks("RPC-6")
    void aPseudoHeaderAfterARegularFieldIsMalformed() {
        List<HeaderField> f = new ArrayList<>(Fields.with(Fields.request(), ":authority", null));
        f.add(new HeaderField(":authority", "late"));
        assertMalformed("RPC-6", f);
    }

    @Test
    @Checks("RPC-7")
    void thePseudoHeaderSetMustBeExact() {
        assertMalformed("RPC-7", Fields.with(Fields.request(), ":path", null));
        assertMalformed("RPC-7", Fields.with(Fields.request(), ":method", null));
        assertMalformed("RPC-7", Fields.with(Fields.request(), ":scheme", null));
        assertMalformed("RPC-7", Fields.with(Fields.request(), ":path", ""));
        List<HeaderField> dup = new ArrayList<>(Fields.request());
        dup.add(0, new HeaderField(":path", "/a/b"));
        assertMalformed("RPC-7", dup);
        List<HeaderField> unknown = new ArrayList<>(Fields.request());
        unknown.add(0, new HeaderField(":status", "200"));
        assertMalformed("RPC-7", unknown);
        List<HeaderField> protocol = new ArrayList<>(Fields.request());
        protocol.add(0, new HeaderField(":protocol", "websocket"));
        assertMalformed("RPC-7", protocol);
    }

    @Test
    @Checks("RPC-9")
    void upperCaseNamesAndBadValueCharactersAreMalformed() {
        assertMalformed("RPC-9", Fields.plus(Fields.request(), "X-Token", "a"));
        assertMalformed("RPC-9", Fields.plus(Fields.request(), "x-token", "a\r\nb"));
        assertMalformed("RPC-9", Fields.plus(Fields.request(), "x-token", "a\0b"));
        assertMalformed("RPC-9", Fields.plus(Fields.request(), "x-token", " padded"));
        assertMalformed("RPC-9", Fields.plus(Fields.request(), "x-token", "padded\t"));
        assertMalformed("RPC-9", Fields.plus(Fields.request(), "x token", "a"));
        assertMalformed("RPC-9", Fields.plus(Fields.request(), "x:token", "a"));
        assertMalformed("RPC-9", Fields.plus(Fields.request(), "caf\u00e9", "a"));
        assertMalformed("RPC-9", Fields.plus(Fields.request(), "", "a"));
        // Non-printable but HTTP-valid values are accepted (the doc forbids failing on them).
        assertInstanceOf(RequestValidation.Accepted.class, validate(Fields.plus(Fields.request(), "x-token", "caf\u00e9\u0001 x")));
        assertInstanceOf(RequestValidation.Accepted.class, validate(Fields.plus(Fields.request(), "x-empty", "")));
    }

    @Test
    @Checks("RPC-10")
    void aMalformedTimeoutGets400WithInternal() {
        RequestValidation.NotGrpc r = assertNotGrpc("RPC-10", 400, StatusCode.INTERNAL, Fields.plus(Fields.request(), "grpc-timeout", "123456789S"));
        assertEquals("400", r.response().get(0).value());
        assertNotGrpc("RPC-10", 400, StatusCode.INTERNAL, Fields.plus(Fields.request(), "grpc-timeout", "10s"));
        assertNotGrpc("RPC-10", 400, StatusCode.INTERNAL, Fields.plus(Fields.request(), "grpc-timeout", "S"));
    }

    @Test
    @Checks("RPC-11")
    void anUndecodableBinaryValueGets400WithInternal() {
        assertNotGrpc("RPC-11", 400, StatusCode.INTERNAL, Fields.plus(Fields.request(), "trace-bin", "!!!"));
        assertNotGrpc("RPC-11", 400, StatusCode.INTERNAL, Fields.plus(Fields.request(), "trace-bin", "AA="));
        assertNotGrpc("RPC-11", 400, StatusCode.INTERNAL, Fields.plus(Fields.request(), "trace-bin", "A"));
    }

    @Test
    @Checks("RPC-12")
    void aPathNotShapedServiceMethodGetsUnimplemented() {
        for (String p : List.of("/Call", "//Call", "/pkg.Svc/", "pkg.Svc/Call", "*")) {
            RequestValidation.Rejected r = assertRejected("RPC-12", 200, StatusCode.UNIMPLEMENTED, Fields.with(Fields.request(), ":path", p));
            assertEquals("12", r.response().get(2).value(), p);
        }
    }

    @Test
    @Checks("RPC-13")
    void anUnsupportedEncodingGetsUnimplementedAndOurAcceptEncoding() {
        RequestValidation.Rejected r = assertRejected("RPC-13", 200, StatusCode.UNIMPLEMENTED, Fields.plus(Fields.request(), "grpc-encoding", "br"));
        assertEquals(new HeaderField("grpc-accept-encoding", "identity"), r.response().get(r.response().size() - 1));
        CallConfig gzip = new CallConfig(100, List.of("gzip"));
        assertInstanceOf(RequestValidation.Accepted.class, RequestValidation.validate(Fields.plus(Fields.request(), "grpc-encoding", "gzip"), gzip));
        assertInstanceOf(RequestValidation.Accepted.class, validate(Fields.plus(Fields.request(), "grpc-encoding", "identity")));
    }

    @Test
    @Checks({"RPC-2", "RPC-7"})
    void malformationIsJudgedBeforeGrpcChecks() {
        // A request both malformed (RFC 9113) and non-gRPC gets the stream error, as in grpc-go.
        assertMalformed("RPC-5", Fields.plus(Fields.with(Fields.request(), "content-type", "text/plain"), "connection", "close"));
        RequestValidation.Outcome o = validate(Fields.with(Fields.with(Fields.request(), "content-type", "text/plain"), ":method", "GET"));
        assertEquals("RPC-2", ((RequestValidation.NotGrpc) o).rule().id());
    }

    @Test
    @Checks({"RPC-7", "RPC-10"})
    void builtRequestsValidate() {
        RequestHeaders r = RequestHeaders.of("http", "localhost:50051", "/grpc.testing.TestService/UnaryCall")
                .withTimeoutNanos(2_500_000_000L)
                .withUserAgent("grpcspec/0.1")
                .withMetadata(Metadata.of(Metadata.ascii("x-a", "b"), Metadata.binary("x-b-bin", Bytes.of((byte) 0xff)), Metadata.ascii("x-c", "d")));
        List<HeaderField> f = r.toFields();
        assertEquals(List.of(":method", ":scheme", ":path", ":authority", "grpc-timeout", "te", "content-type", "user-agent", "x-a", "x-b-bin", "x-c"),
                f.stream().map(HeaderField::name).toList());
        assertEquals("2500m", f.get(4).value());
        assertEquals("/w", f.get(9).value());
        RequestValidation.Accepted a = assertInstanceOf(RequestValidation.Accepted.class, validate(f));
        assertEquals(r, a.request());
        assertTrue(a.faults().isEmpty());
    }
}
