package io.grpcspec.spec.grpc;

import io.grpcspec.spec.Rule;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How a server judges a received request header list. Four outcomes: the request is malformed
 * HTTP/2 (reset the stream with PROTOCOL_ERROR); it is well-formed HTTP but not gRPC at all
 * ({@link NotGrpc}: read it to its end, then answer as an HTTP server with a status and a text
 * body, {@link RpcRules#RPC_44}); it is gRPC but not a call we can serve ({@link Rejected}: a
 * trailers-only response at once, as grpc-go does); or it is a call.
 *
 * <p>The checks run in grpc-go's order: HTTP/2 malformation, content-type (415), method (405),
 * grpc-timeout and -bin values (400), path (UNIMPLEMENTED), grpc-encoding (UNIMPLEMENTED).
 */
public final class RequestValidation {
    private RequestValidation() {}

    private static final Set<String> REQUEST_PSEUDO = Set.of(":method", ":scheme", ":path", ":authority");

    /** The content-type of our answer to a request that is not gRPC. */
    public static final String TEXT_PLAIN = "text/plain; charset=utf-8";

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
     * A gRPC request we cannot serve: reply with {@code response}, a trailers-only response (one
     * HEADERS frame with END_STREAM, HTTP 200), and RST_STREAM(NO_ERROR) after it when the request
     * has not ended ({@link RpcRules#RPC_26}).
     */
    public record Rejected(Rule rule, int httpStatus, Status status, List<HeaderField> response) implements Outcome {
        public Rejected {
            response = List.copyOf(response);
        }
    }

    /**
     * Not a gRPC request at all ({@link RpcRules#RPC_44}): once the request has ended, reply with
     * {@code response} (HEADERS: the HTTP status, a text content-type, grpc-status and
     * grpc-message for gRPC clients) and {@code body} (DATA with END_STREAM).
     */
    public record NotGrpc(Rule rule, int httpStatus, Status status, List<HeaderField> response, Bytes body) implements Outcome {
        public NotGrpc {
            response = List.copyOf(response);
            Objects.requireNonNull(body);
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
            return notGrpc(RpcRules.RPC_2, 415, Status.of(StatusCode.INVALID_ARGUMENT,
                    "invalid gRPC request content-type " + shown));
        }

        String method = HttpFields.last(fields, ":method");
        if (!method.equals("POST")) {
            return notGrpc(RpcRules.RPC_1, 405, Status.of(StatusCode.INTERNAL,
                    "received a HEADERS frame with :method \"" + method + "\" which should be POST"));
        }

        OptionalLong timeout = OptionalLong.empty();
        String rawTimeout = HttpFields.last(fields, "grpc-timeout");
        if (rawTimeout != null) {
            GrpcTimeout.Parsed t = GrpcTimeout.parse(rawTimeout);
            if (t instanceof GrpcTimeout.Invalid bad) {
                return notGrpc(RpcRules.RPC_10, 400, Status.of(StatusCode.INTERNAL,
                        "malformed grpc-timeout: " + bad.reason()));
            }
            timeout = OptionalLong.of(((GrpcTimeout.Valid) t).nanos());
        }

        HeaderField badBin = Metadata.firstBadBinary(fields);
        if (badBin != null) {
            return notGrpc(RpcRules.RPC_11, 400, Status.of(StatusCode.INTERNAL,
                    "malformed binary metadata in header \"" + badBin.name() + "\""));
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

    /** The HTTP answer to a request that is not gRPC: a status line's worth of text as the body. */
    private static NotGrpc notGrpc(Rule rule, int httpStatus, Status status) {
        Bytes body = Bytes.of((httpStatus + " " + reason(httpStatus) + ": " + status.message() + "\n").getBytes(StandardCharsets.UTF_8));
        List<HeaderField> r = new ArrayList<>();
        r.add(new HeaderField(":status", Integer.toString(httpStatus)));
        r.add(new HeaderField("content-type", TEXT_PLAIN));
        r.add(new HeaderField("content-length", Integer.toString(body.length())));
        // grpc-status as well, so that a gRPC client reads a precise status from the headers alone.
        r.add(new HeaderField("grpc-status", Integer.toString(status.code().value())));
        r.add(new HeaderField("grpc-message", PercentEncoding.encode(status.message())));
        return new NotGrpc(rule, httpStatus, status, r, body);
    }

    private static String reason(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> "Bad Request";
            case 405 -> "Method Not Allowed";
            case 415 -> "Unsupported Media Type";
            default -> "Error";
        };
    }

    private static Rejected reject(Rule rule, int httpStatus, String subtype, Status status, List<HeaderField> extra) {
        List<HeaderField> r = new ArrayList<>();
        r.add(new HeaderField(":status", Integer.toString(httpStatus)));
        r.add(new HeaderField("content-type", responseContentType(subtype)));
        r.add(new HeaderField("grpc-status", Integer.toString(status.code().value())));
        r.add(new HeaderField("grpc-message", PercentEncoding.encode(status.message())));
        r.addAll(extra);
        return new Rejected(rule, httpStatus, status, r);
    }
}
