package io.grpcspec.spec.grpc;

import io.grpcspec.wire.HeaderField;
import io.grpcspec.spec.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How a server judges a received request header list. Three outcomes: the request is malformed
 * HTTP/2 (reset the stream with PROTOCOL_ERROR), it is well-formed HTTP but not an acceptable
 * gRPC call (answer with a single HEADERS frame with END_STREAM, as grpc-go does), or it is a call.
 *
 * <p>The checks run in grpc-go's order: HTTP/2 malformation, content-type (415), method (405),
 * grpc-timeout and -bin values (400), path (UNIMPLEMENTED), grpc-encoding (UNIMPLEMENTED).
 */
public final class RequestValidation {
    private RequestValidation() {}

    private static final Set<String> REQUEST_PSEUDO = Set.of(":method", ":scheme", ":path", ":authority");

    public sealed interface Outcome {}

    /** A valid call; {@code faults} lists tolerated deviations (e.g. RPC-3, te missing). */
    public record Accepted(RequestHeaders request, List<CallAction.PeerFault> faults) implements Outcome {
        public Accepted {
            faults = List.copyOf(faults);
        }
    }

    /** Malformed HTTP/2 (RFC 9113 §8.1.1): stream error PROTOCOL_ERROR. */
    public record Malformed(Rule rule, String detail) implements Outcome {}

    /**
     * Not a call we serve: reply with {@code response} as one HEADERS frame with END_STREAM (and
     * RST_STREAM(NO_ERROR) after it when the request has not ended, {@link RpcRules#RPC_26}).
     */
    public record Rejected(Rule rule, int httpStatus, Status status, List<HeaderField> response) implements Outcome {
        public Rejected {
            response = List.copyOf(response);
        }
    }

    public static Outcome validate(List<HeaderField> fields, CallConfig config) {
        HttpFields.Problem p = HttpFields.check(fields, REQUEST_PSEUDO, RpcRules.RPC_7);
        if (p != null) return new Malformed(p.rule(), p.detail());
        for (String required : List.of(":method", ":scheme", ":path")) {
            String v = HttpFields.last(fields, required);
            if (v == null) return new Malformed(RpcRules.RPC_7, "request has no " + required);
            if (v.isEmpty()) return new Malformed(RpcRules.RPC_7, "request has an empty " + required);
        }

        String contentType = HttpFields.last(fields, "content-type");
        String subtype = RequestHeaders.contentSubtype(contentType);
        if (subtype == null) {
            String shown = contentType == null ? "none" : "\"" + contentType + "\"";
            return reject(RpcRules.RPC_2, 415, "", Status.of(StatusCode.INVALID_ARGUMENT,
                    "invalid gRPC request content-type " + shown), List.of());
        }

        String method = HttpFields.last(fields, ":method");
        if (!method.equals("POST")) {
            return reject(RpcRules.RPC_1, 405, subtype, Status.of(StatusCode.INTERNAL,
                    "received a HEADERS frame with :method \"" + method + "\" which should be POST"), List.of());
        }

        OptionalLong timeout = OptionalLong.empty();
        String rawTimeout = HttpFields.last(fields, "grpc-timeout");
        if (rawTimeout != null) {
            GrpcTimeout.Parsed t = GrpcTimeout.parse(rawTimeout);
            if (t instanceof GrpcTimeout.Invalid bad) {
                return reject(RpcRules.RPC_10, 400, subtype, Status.of(StatusCode.INTERNAL,
                        "malformed grpc-timeout: " + bad.reason()), List.of());
            }
            timeout = OptionalLong.of(((GrpcTimeout.Valid) t).nanos());
        }

        HeaderField badBin = Metadata.firstBadBinary(fields);
        if (badBin != null) {
            return reject(RpcRules.RPC_11, 400, subtype, Status.of(StatusCode.INTERNAL,
                    "malformed binary metadata in header \"" + badBin.name() + "\""), List.of());
        }

        String path = HttpFields.last(fields, ":path");
        int last = path.lastIndexOf('/');
        if (!path.startsWith("/") || last <= 1 || last == path.length() - 1) {
            return reject(RpcRules.RPC_12, 200, subtype, Status.of(StatusCode.UNIMPLEMENTED,
                    "malformed method name: \"" + path + "\""), List.of());
        }

        String encoding = HttpFields.last(fields, "grpc-encoding");
        if (!config.supports(encoding)) {
            return reject(RpcRules.RPC_13, 200, subtype, Status.of(StatusCode.UNIMPLEMENTED,
                    "grpc: Decompressor is not installed for grpc-encoding \"" + encoding + "\""),
                    List.of(new HeaderField("grpc-accept-encoding", config.acceptEncoding())));
        }

        List<CallAction.PeerFault> faults = new ArrayList<>();
        if (!HttpFields.has(fields, "te")) faults.add(new CallAction.PeerFault(RpcRules.RPC_3, "request has no te: trailers"));

        RequestHeaders request = new RequestHeaders(HttpFields.last(fields, ":scheme"), path,
                HttpFields.last(fields, ":authority"), contentType, timeout, encoding,
                HttpFields.last(fields, "grpc-accept-encoding"), HttpFields.last(fields, "user-agent"),
                Metadata.fromReceived(fields));
        return new Accepted(request, faults);
    }

    /** The content-type a server answers with for a request of {@code subtype}. */
    static String responseContentType(String subtype) {
        return subtype == null || subtype.isEmpty() ? RequestHeaders.CONTENT_TYPE : RequestHeaders.CONTENT_TYPE + "+" + subtype;
    }

    private static Rejected reject(Rule rule, int httpStatus, String subtype, Status status, List<HeaderField> extra) {
        List<HeaderField> r = new ArrayList<>();
        r.add(new HeaderField(":status", Integer.toString(httpStatus)));
        // grpc-go answers with a gRPC content-type even on 415, so gRPC clients can read grpc-status.
        r.add(new HeaderField("content-type", responseContentType(subtype)));
        r.add(new HeaderField("grpc-status", Integer.toString(status.code().value())));
        r.add(new HeaderField("grpc-message", PercentEncoding.encode(status.message())));
        r.addAll(extra);
        return new Rejected(rule, httpStatus, status, r);
    }
}
