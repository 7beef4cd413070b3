package io.grpcspec.spec.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.testing.Checks;
import io.grpcspec.wire.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusMappingTest {

    @Test
    @Checks("RPC-18")
    void httpStatusesMapAsTheDocSays() {
        Map<Integer, StatusCode> table = Map.of(400, StatusCode.INTERNAL, 401, StatusCode.UNAUTHENTICATED,
                403, StatusCode.PERMISSION_DENIED, 404, StatusCode.UNIMPLEMENTED, 429, StatusCode.UNAVAILABLE,
                431, StatusCode.INTERNAL, 502, StatusCode.UNAVAILABLE, 503, StatusCode.UNAVAILABLE, 504, StatusCode.UNAVAILABLE);
        for (int s = 100; s < 600; s++) {
            assertEquals(table.getOrDefault(s, StatusCode.UNKNOWN), StatusMapping.forHttpStatus(s), Integer.toString(s));
        }
    }

    @Test
    @Checks("RPC-24")
    void rstStreamCodesMapAsTheDocSays() {
        Map<ErrorCode, StatusCode> table = Map.ofEntries(
                Map.entry(ErrorCode.NO_ERROR, StatusCode.INTERNAL),
                Map.entry(ErrorCode.PROTOCOL_ERROR, StatusCode.INTERNAL),
                Map.entry(ErrorCode.INTERNAL_ERROR, StatusCode.INTERNAL),
                Map.entry(ErrorCode.FLOW_CONTROL_ERROR, StatusCode.INTERNAL),
                Map.entry(ErrorCode.SETTINGS_TIMEOUT, StatusCode.INTERNAL),
                Map.entry(ErrorCode.STREAM_CLOSED, StatusCode.INTERNAL),
                Map.entry(ErrorCode.FRAME_SIZE_ERROR, StatusCode.INTERNAL),
                Map.entry(ErrorCode.REFUSED_STREAM, StatusCode.UNAVAILABLE),
                Map.entry(ErrorCode.CANCEL, StatusCode.CANCELLED),
                Map.entry(ErrorCode.COMPRESSION_ERROR, StatusCode.INTERNAL),
                Map.entry(ErrorCode.CONNECT_ERROR, StatusCode.INTERNAL),
                Map.entry(ErrorCode.ENHANCE_YOUR_CALM, StatusCode.RESOURCE_EXHAUSTED),
                Map.entry(ErrorCode.INADEQUATE_SECURITY, StatusCode.PERMISSION_DENIED),
                Map.entry(ErrorCode.HTTP_1_1_REQUIRED, StatusCode.INTERNAL));
        for (ErrorCode c : ErrorCode.values()) {
            assertEquals(table.get(c), StatusMapping.forRstStream(c.code()), c.name());
        }
        assertEquals(StatusCode.INTERNAL, StatusMapping.forRstStream(0xdead));
        assertEquals(Status.of(StatusCode.UNAVAILABLE, "stream reset with REFUSED_STREAM"), StatusMapping.rstStreamStatus(7));
    }

    @Test
    @Checks("RPC-20")
    void statusCodesHaveTheirWireNumbers() {
        assertEquals(17, StatusCode.values().length);
        for (StatusCode c : StatusCode.values()) assertEquals(c, StatusCode.known(c.value()));
        assertEquals(16, StatusCode.UNAUTHENTICATED.value());
        assertEquals(4, StatusCode.DEADLINE_EXCEEDED.value());
        assertEquals(null, StatusCode.known(17));
        assertEquals(null, StatusCode.known(-1));
    }
}
