package io.grpcspec.spec.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseValidationTest {

    private static ResponseValidation.Ended ended(ResponseValidation.Outcome o) {
        return assertInstanceOf(ResponseValidation.Ended.class, o);
    }

    private static void assertMalformed(String rule, ResponseValidation.Outcome o) {
        assertEquals(rule, assertInstanceOf(ResponseValidation.Malformed.class, o).rule().id());
    }

    @Test
    @Checks({"RPC-8", "RPC-19"})
    void responseHeadersOpenTheResponse() {
        ResponseValidation.Opened op = assertInstanceOf(ResponseValidation.Opened.class,
                ResponseValidation.headers(Fields.responseHeaders("grpc-encoding", "gzip", "x-a", "1"), false));
        assertEquals("gzip", op.encoding());
        assertEquals(List.of(new Metadata.Entry("x-a", Bytes.ofAscii("1"))), op.metadata().entries());
    }

    @Test
    @Checks("RPC-8")
    void theStatusPseudoHeaderMustBeThereOnceAndAlone() {
        assertMalformed("RPC-8", ResponseValidation.headers(Fields.of("content-type", "application/grpc"), false));
        assertMalformed("RPC-8", ResponseValidation.headers(Fields.of(":status", "200", ":status", "200"), false));
        assertMalformed("RPC-8", ResponseValidation.headers(Fields.of(":status", "200", ":path", "/x"), false));
        assertMalformed("RPC-8", ResponseValidation.headers(Fields.of(":status", "2000"), false));
        assertMalformed("RPC-8", ResponseValidation.headers(Fields.of(":status", "ok"), false));
        assertMalformed("RPC-8", ResponseValidation.trailers(Fields.of(":status", "200", "grpc-status", "0")));
    }

    @Test
    @Checks({"RPC-6", "RPC-9", "RPC-5"})
    void responsesGetTheSameFieldChecks() {
        assertMalformed("RPC-6", ResponseValidation.headers(Fields.of("content-type", "application/grpc", ":status", "200"), false));
        assertMalformed("RPC-9", ResponseValidation.trailers(Fields.of("Grpc-Status", "0")));
        assertMalformed("RPC-5", ResponseValidation.trailers(Fields.of("grpc-status", "0", "connection", "close")));
    }

    @Test
    @Checks("RPC-22")
    void informationalResponsesAreSkippedButMustNotEndTheStream() {
        assertEquals(new ResponseValidation.Informational(103), ResponseValidation.headers(Fields.of(":status", "103"), false));
        assertMalformed("RPC-22", ResponseValidation.headers(Fields.of(":status", "100"), true));
    }

    @Test
    @Checks("RPC-18")
    void nonOkWithoutGrpcStatusMapsTheHttpStatus() {
        ResponseValidation.Ended e = ended(ResponseValidation.headers(Fields.of(":status", "503", "content-type", "text/html"), false));
        assertEquals(StatusCode.UNAVAILABLE, e.status().code());
        assertEquals("RPC-18", e.fault().id());
        assertEquals(StatusCode.UNIMPLEMENTED, ended(ResponseValidation.headers(Fields.of(":status", "404"), true)).status().code());
        assertEquals(StatusCode.UNKNOWN, ended(ResponseValidation.headers(Fields.of(":status", "302"), true)).status().code());
    }

    @Test
    @Checks("RPC-18")
    void aGrpcStatusThatIsPresentWinsOverTheHttpStatus() {
        // grpc-go's 415 answer: the client reports the server's INVALID_ARGUMENT, not UNKNOWN.
        ResponseValidation.Ended e = ended(ResponseValidation.headers(Fields.of(":status", "415", "content-type", "application/grpc",
                "grpc-status", "3", "grpc-message", "invalid gRPC request content-type \"text/plain\""), true));
        assertEquals(Status.of(StatusCode.INVALID_ARGUMENT, "invalid gRPC request content-type \"text/plain\""), e.status());
        assertNull(e.fault());
    }

    @Test
    @Checks("RPC-19")
    void anOkResponseWithAForeignContentTypeIsUnknown() {
        ResponseValidation.Ended e = ended(ResponseValidation.headers(Fields.of(":status", "200", "content-type", "text/html"), false));
        assertEquals(StatusCode.UNKNOWN, e.status().code());
        assertEquals("RPC-19", e.fault().id());
        assertEquals("RPC-19", ended(ResponseValidation.headers(Fields.of(":status", "200"), true)).fault().id());
    }

    @Test
    @Checks({"RPC-20", "RPC-21"})
    void trailersOnlyCarriesTheStatus() {
        ResponseValidation.Ended e = ended(ResponseValidation.headers(Fields.responseHeaders("grpc-status", "5",
                "grpc-message", "no%20such%20thing %E2%9C%93", "x-t", "v"), true));
        assertEquals(Status.of(StatusCode.NOT_FOUND, "no such thing ✓"), e.status());
        assertEquals(List.of(new Metadata.Entry("x-t", Bytes.ofAscii("v"))), e.trailers().entries());
        assertNull(e.fault());
    }

    @Test
    @Checks({"RPC-20", "RPC-9"})
    void grpcStatusMustBePresentAndWellFormed() {
        ResponseValidation.Ended missing = ended(ResponseValidation.trailers(Fields.of("grpc-message", "x")));
        assertEquals(Status.of(StatusCode.UNKNOWN, "missing grpc-status"), missing.status());
        assertEquals("RPC-20", missing.fault().id());
        for (String bad : List.of("", "x", "-1", "+1", "01", "1.0", "1 2", "99999999999")) {
            ResponseValidation.Ended e = ended(ResponseValidation.trailers(Fields.of("grpc-status", bad)));
            assertEquals(StatusCode.INTERNAL, e.status().code(), bad);
            assertEquals("RPC-20", e.fault().id(), bad);
        }
        // Surrounding whitespace is already malformed HTTP (RFC 9113 §8.2.1).
        assertMalformed("RPC-9", ResponseValidation.trailers(Fields.of("grpc-status", " 1")));
        ResponseValidation.Ended unknown = ended(ResponseValidation.trailers(Fields.of("grpc-status", "42", "grpc-message", "m")));
        assertEquals(Status.of(StatusCode.UNKNOWN, "unknown grpc-status 42: m"), unknown.status());
        assertEquals(Status.OK, ended(ResponseValidation.trailers(Fields.of("grpc-status", "0"))).status());
    }

    @Test
    @Checks("RPC-21")
    void aBrokenGrpcMessageNeverFailsTheCall() {
        ResponseValidation.Ended e = ended(ResponseValidation.trailers(Fields.of("grpc-status", "13", "grpc-message", "50%zz off %")));
        assertEquals(Status.of(StatusCode.INTERNAL, "50%zz off %"), e.status());
        assertNull(e.fault());
    }

    @Test
    @Checks("RPC-11")
    void badBinaryMetadataInResponsesIsInternal() {
        assertEquals(StatusCode.INTERNAL, ended(ResponseValidation.trailers(Fields.of("grpc-status", "0", "t-bin", "@@"))).status().code());
        assertEquals("RPC-11", ended(ResponseValidation.headers(Fields.responseHeaders("t-bin", "@@"), false)).fault().id());
    }

    @Test
    @Checks("RPC-8")
    void trailersMayNotBeEmptyOfStatusButMayHaveMetadataOnly() {
        List<HeaderField> t = Fields.of("grpc-status", "0", "x-end", "1");
        assertEquals(Status.OK, ended(ResponseValidation.trailers(t)).status());
    }
}
