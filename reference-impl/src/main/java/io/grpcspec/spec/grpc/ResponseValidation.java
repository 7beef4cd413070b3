package io.grpcspec.spec.grpc;

import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.spec.Rule;
import java.util.List;
import java.util.Set;

/**
 * How a client judges a received response header list: the response headers that open the
 * response, a trailers-only response (one HEADERS with END_STREAM), or the trailers.
 *
 * <p>Where the status comes from (http-grpc-status-mapping doc): a grpc-status that is present
 * must be used, whatever {@code :status} says; only without one does the HTTP status map to a
 * code, and a 200 without grpc-status is UNKNOWN.
 */
public final class ResponseValidation {
    private ResponseValidation() {}

    private static final Set<String> RESPONSE_PSEUDO = Set.of(":status");

    public sealed interface Outcome {}

    /** Malformed HTTP/2 (RFC 9113 §8.1.1): reset the stream with PROTOCOL_ERROR. */
    public record Malformed(Rule rule, String detail) implements Outcome {}

    /** A 1xx informational response: skip it and wait for the real one (RFC 9113 §8.1). */
    public record Informational(int httpStatus) implements Outcome {}

    /** Response headers that open a gRPC response; messages follow with {@code encoding}. */
    public record Opened(Metadata metadata, String encoding) implements Outcome {}

    /**
     * The call ends here with {@code status}. {@code fault} is the rule the peer broke to cause
     * it (null for a regular end, e.g. trailers with grpc-status 0).
     */
    public record Ended(Status status, Metadata trailers, Rule fault) implements Outcome {}

    /** Judges a HEADERS block that arrives before any response headers. */
    public static Outcome headers(List<HeaderField> fields, boolean endStream) {
        HttpFields.Problem p = HttpFields.check(fields, RESPONSE_PSEUDO, RpcRules.RPC_8);
        if (p != null) return new Malformed(p.rule(), p.detail());
        String rawStatus = HttpFields.last(fields, ":status");
        if (rawStatus == null) return new Malformed(RpcRules.RPC_8, "response has no :status");
        if (!rawStatus.matches("[0-9]{3}")) return new Malformed(RpcRules.RPC_8, ":status \"" + rawStatus + "\" is not three digits");
        int httpStatus = Integer.parseInt(rawStatus);
        if (httpStatus < 200) {
            if (endStream) return new Malformed(RpcRules.RPC_22, "informational response " + httpStatus + " with END_STREAM");
            return new Informational(httpStatus);
        }
        if (endStream) return trailersOnly(fields, httpStatus);

        if (Metadata.firstBadBinary(fields) != null) {
            return new Ended(Status.of(StatusCode.INTERNAL, "malformed binary metadata in response headers"), Metadata.EMPTY, RpcRules.RPC_11);
        }
        if (httpStatus != 200) {
            return new Ended(Status.of(StatusMapping.forHttpStatus(httpStatus), "unexpected HTTP status code " + httpStatus),
                    Metadata.EMPTY, RpcRules.RPC_18);
        }
        String contentType = HttpFields.last(fields, "content-type");
        if (RequestHeaders.contentSubtype(contentType) == null) {
            return new Ended(Status.of(StatusCode.UNKNOWN, "unexpected content-type " + quote(contentType)), Metadata.EMPTY, RpcRules.RPC_19);
        }
        return new Opened(Metadata.fromReceived(fields), HttpFields.last(fields, "grpc-encoding"));
    }

    /** Judges trailers: the HEADERS block with END_STREAM after the response headers. */
    public static Outcome trailers(List<HeaderField> fields) {
        HttpFields.Problem p = HttpFields.check(fields, Set.of(), RpcRules.RPC_8);
        if (p != null) return new Malformed(p.rule(), p.detail());
        return statusOf(fields, 200);
    }

    private static Outcome trailersOnly(List<HeaderField> fields, int httpStatus) {
        if (HttpFields.has(fields, "grpc-status")) return statusOf(fields, httpStatus);
        if (httpStatus != 200) {
            return new Ended(Status.of(StatusMapping.forHttpStatus(httpStatus), "unexpected HTTP status code " + httpStatus),
                    Metadata.EMPTY, RpcRules.RPC_18);
        }
        String contentType = HttpFields.last(fields, "content-type");
        if (RequestHeaders.contentSubtype(contentType) == null) {
            return new Ended(Status.of(StatusCode.UNKNOWN, "unexpected content-type " + quote(contentType)), Metadata.EMPTY, RpcRules.RPC_19);
        }
        return statusOf(fields, httpStatus);
    }

    /** The status from grpc-status / grpc-message (RPC-20, {@link RpcRules#RPC_21}). */
    @Enforces("RPC-21")
    private static Outcome statusOf(List<HeaderField> fields, int httpStatus) {
        if (Metadata.firstBadBinary(fields) != null) {
            return new Ended(Status.of(StatusCode.INTERNAL, "malformed binary metadata in trailers"), Metadata.EMPTY, RpcRules.RPC_11);
        }
        String raw = HttpFields.last(fields, "grpc-status");
        String message = HttpFields.last(fields, "grpc-message");
        String decoded = message == null ? "" : PercentEncoding.decode(message);
        Metadata trailers = Metadata.fromReceived(fields);
        if (raw == null) return new Ended(Status.of(StatusCode.UNKNOWN, "missing grpc-status"), trailers, RpcRules.RPC_20);
        // Decimal, no sign, no leading zeros, and small enough for an int.
        if (!raw.matches("0|[1-9][0-9]{0,8}")) {
            return new Ended(Status.of(StatusCode.INTERNAL, "malformed grpc-status \"" + raw + "\""), trailers, RpcRules.RPC_20);
        }
        int value = Integer.parseInt(raw);
        StatusCode code = StatusCode.known(value);
        if (code == null) {
            // Like grpc-java: a number the doc does not define reads as UNKNOWN, keeping the number.
            return new Ended(Status.of(StatusCode.UNKNOWN, "unknown grpc-status " + value + (decoded.isEmpty() ? "" : ": " + decoded)), trailers, null);
        }
        return new Ended(Status.of(code, decoded), trailers, null);
    }

    private static String quote(String s) {
        return s == null ? "(none)" : "\"" + s + "\"";
    }
}
