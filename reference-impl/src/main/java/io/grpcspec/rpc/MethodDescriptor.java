package io.grpcspec.rpc;

import java.util.Objects;

/**
 * One method of a service: its full name ({@code package.Service/Method}, the {@code :path}
 * without the leading slash), its shape and how its messages are (un)marshalled.
 */
public record MethodDescriptor<Req, Resp>(String fullName, MethodType type,
                                          Marshaller<Req> requestMarshaller,
                                          Marshaller<Resp> responseMarshaller) {
    public MethodDescriptor {
        Objects.requireNonNull(type);
        Objects.requireNonNull(requestMarshaller);
        Objects.requireNonNull(responseMarshaller);
        int slash = fullName.indexOf('/');
        if (slash <= 0 || slash == fullName.length() - 1 || fullName.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("method name must be package.Service/Method: " + fullName);
        }
    }

    public static <Req, Resp> MethodDescriptor<Req, Resp> of(String service, String method, MethodType type,
                                                             Marshaller<Req> req, Marshaller<Resp> resp) {
        return new MethodDescriptor<>(service + "/" + method, type, req, resp);
    }

    /** {@code package.Service}. */
    public String serviceName() {
        return fullName.substring(0, fullName.indexOf('/'));
    }

    /** {@code Method}. */
    public String methodName() {
        return fullName.substring(fullName.indexOf('/') + 1);
    }

    /** The HTTP/2 {@code :path} of a call: {@code /package.Service/Method}. */
    public String path() {
        return "/" + fullName;
    }
}
