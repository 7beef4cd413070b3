package io.grpcspec.spec.grpc;

import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.ErrorCode;

/**
 * The two tables a client uses when a call ends without a usable {@code grpc-status}: HTTP status
 * to gRPC code (gRPC "http-grpc-status-mapping" doc) and RST_STREAM error code to gRPC code
 * (gRPC PROTOCOL-HTTP2, Errors).
 */
public final class StatusMapping {
    private StatusMapping() {}

    /**
     * The code for a response whose {@code :status} is {@code httpStatus} and that carried no
     * grpc-status. 200 maps to UNKNOWN on purpose: a real OK always has grpc-status.
     */
    public static StatusCode forHttpStatus(int httpStatus) {
        switch (httpStatus) {
            case 400:
            case 431:
                return StatusCode.INTERNAL;
            case 401:
                return StatusCode.UNAUTHENTICATED;
            case 403:
                return StatusCode.PERMISSION_DENIED;
            case 404:
                return StatusCode.UNIMPLEMENTED;
            case 429:
            case 502:
            case 503:
            case 504:
                return StatusCode.UNAVAILABLE;
            default:
                return StatusCode.UNKNOWN;
        }
    }

    /**
     * The code for a call ended by RST_STREAM with {@code errorCode}. The doc gives no mapping for
     * STREAM_CLOSED and HTTP_1_1_REQUIRED; like grpc-go we use INTERNAL for them and for codes
     * RFC 9113 does not define (which §7 lets us read as INTERNAL_ERROR). {@link RpcRules#RPC_24}.
     */
    @Enforces("RPC-24")
    public static StatusCode forRstStream(long errorCode) {
        ErrorCode c = ErrorCode.known(errorCode);
        if (c == null) return StatusCode.INTERNAL;
        switch (c) {
            case REFUSED_STREAM:
                return StatusCode.UNAVAILABLE;
            case CANCEL:
                return StatusCode.CANCELLED;
            case ENHANCE_YOUR_CALM:
                return StatusCode.RESOURCE_EXHAUSTED;
            case INADEQUATE_SECURITY:
                return StatusCode.PERMISSION_DENIED;
            default:
                return StatusCode.INTERNAL;
        }
    }

    /** The status for a call ended by RST_STREAM, with a message naming the code. */
    public static Status rstStreamStatus(long errorCode) {
        String extra = switch (forRstStream(errorCode)) {
            case RESOURCE_EXHAUSTED -> " (bandwidth exhausted)";
            case PERMISSION_DENIED -> " (protocol not secure enough for the call)";
            default -> "";
        };
        return Status.of(forRstStream(errorCode), "stream reset with " + ErrorCode.describe(errorCode) + extra);
    }
}
