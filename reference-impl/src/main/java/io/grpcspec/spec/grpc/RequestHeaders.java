package io.grpcspec.spec.grpc;

import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A call's request headers (PROTOCOL-HTTP2, Request-Headers): the call definition plus custom
 * metadata. A client builds one and sends {@link #toFields()}; a server gets one from
 * {@link RequestValidation#validate} when the received header list is acceptable.
 *
 * @param scheme {@code http} or {@code https}
 * @param path {@code /Service/Method}
 * @param authority the {@code :authority}, or null when absent (it is optional in gRPC)
 * @param contentType {@code application/grpc}, {@code application/grpc+proto}, ...
 * @param timeoutNanos the {@code grpc-timeout}, if any
 * @param encoding the {@code grpc-encoding} of the request messages, or null
 * @param acceptEncoding the {@code grpc-accept-encoding} value, or null
 * @param userAgent the {@code user-agent}, or null
 * @param metadata the custom metadata, in order
 */
public record RequestHeaders(String scheme, String path, String authority, String contentType,
                             OptionalLong timeoutNanos, String encoding, String acceptEncoding,
                             String userAgent, Metadata metadata) {

    public static final String CONTENT_TYPE = "application/grpc";

    public RequestHeaders {
        Objects.requireNonNull(scheme);
        Objects.requireNonNull(path);
        Objects.requireNonNull(contentType);
        Objects.requireNonNull(timeoutNanos);
        Objects.requireNonNull(metadata);
    }

    /** A plain request for {@code path} (no timeout, no compression, no metadata). */
    public static RequestHeaders of(String scheme, String authority, String path) {
        return new RequestHeaders(scheme, path, authority, CONTENT_TYPE, OptionalLong.empty(), null, null, null, Metadata.EMPTY);
    }

    public RequestHeaders withTimeoutNanos(long nanos) {
        return new RequestHeaders(scheme, path, authority, contentType, OptionalLong.of(nanos), encoding, acceptEncoding, userAgent, metadata);
    }

    public RequestHeaders withMetadata(Metadata md) {
        return new RequestHeaders(scheme, path, authority, contentType, timeoutNanos, encoding, acceptEncoding, userAgent, md);
    }

    public RequestHeaders withUserAgent(String ua) {
        return new RequestHeaders(scheme, path, authority, contentType, timeoutNanos, encoding, acceptEncoding, ua, metadata);
    }

    public RequestHeaders withEncodings(String encoding, String acceptEncoding) {
        return new RequestHeaders(scheme, path, authority, contentType, timeoutNanos, encoding, acceptEncoding, userAgent, metadata);
    }

    public RequestHeaders withContentType(String ct) {
        return new RequestHeaders(scheme, path, authority, ct, timeoutNanos, encoding, acceptEncoding, userAgent, metadata);
    }

    /** The service part of {@code /Service/Method} (everything between the first and the last '/'). */
    public String service() {
        int last = path.lastIndexOf('/');
        return last > 0 ? path.substring(1, last) : "";
    }

    /** The method part of {@code /Service/Method}. */
    public String method() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The header list a client sends: pseudo-header fields first, then grpc-timeout right after
     * them (as the doc asks), the rest of the call definition, then custom metadata.
     */
    public List<HeaderField> toFields() {
        List<HeaderField> f = new ArrayList<>();
        f.add(new HeaderField(":method", "POST"));
        f.add(new HeaderField(":scheme", scheme));
        f.add(new HeaderField(":path", path));
        if (authority != null) f.add(new HeaderField(":authority", authority));
        if (timeoutNanos.isPresent()) f.add(new HeaderField("grpc-timeout", GrpcTimeout.format(timeoutNanos.getAsLong())));
        f.add(new HeaderField("te", "trailers"));
        f.add(new HeaderField("content-type", contentType));
        if (encoding != null) f.add(new HeaderField("grpc-encoding", encoding));
        if (acceptEncoding != null) f.add(new HeaderField("grpc-accept-encoding", acceptEncoding));
        if (userAgent != null) f.add(new HeaderField("user-agent", userAgent));
        f.addAll(metadata.toFields());
        return f;
    }

    /**
     * The content-subtype of a gRPC content-type: "" for {@code application/grpc} and
     * {@code application/grpc;params}, "proto" for {@code application/grpc+proto;params};
     * null when {@code contentType} is not gRPC at all.
     */
    public static String contentSubtype(String contentType) {
        if (contentType == null || !contentType.startsWith(CONTENT_TYPE)) return null;
        if (contentType.length() == CONTENT_TYPE.length()) return "";
        char next = contentType.charAt(CONTENT_TYPE.length());
        if (next == ';') return "";
        if (next != '+') return null;
        String rest = contentType.substring(CONTENT_TYPE.length() + 1);
        int semi = rest.indexOf(';');
        return (semi < 0 ? rest : rest.substring(0, semi)).strip();
    }
}
