package io.grpcspec.rpc;

import com.google.protobuf.Descriptors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service as the server registry holds it: its name, a handler per method, and optionally the
 * protobuf descriptor of the service (null for hand-made services), which server reflection
 * serves together with the files it imports.
 */
public record ServiceDefinition(String name, Map<String, MethodDefinition<?, ?>> methods, Descriptors.ServiceDescriptor proto) {

    /** A method's descriptor with its handler; the handler's shape matches the descriptor's type. */
    public record MethodDefinition<Req, Resp>(MethodDescriptor<Req, Resp> descriptor, ServerMethods.Handler<Req, Resp> handler) {
        public MethodDefinition {
            // Java 17 has no pattern switch; the sealed Handler makes this chain exhaustive.
            MethodType expected = handler instanceof ServerMethods.Unary ? MethodType.UNARY
                    : handler instanceof ServerMethods.ServerStreaming ? MethodType.SERVER_STREAMING
                    : handler instanceof ServerMethods.ClientStreaming ? MethodType.CLIENT_STREAMING
                    : MethodType.BIDI_STREAMING;
            if (expected != descriptor.type()) {
                throw new IllegalArgumentException(descriptor.fullName() + " is " + descriptor.type() + " but its handler is " + expected);
            }
        }
    }

    public ServiceDefinition {
        methods = Map.copyOf(methods);
        if (proto != null && !proto.getFullName().equals(name)) {
            throw new IllegalArgumentException("service " + name + " described by the descriptor of " + proto.getFullName());
        }
    }

    public MethodDefinition<?, ?> method(String methodName) {
        return methods.get(methodName);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Collects the methods of one service. */
    public static final class Builder {
        private final String name;
        private final Map<String, MethodDefinition<?, ?>> methods = new LinkedHashMap<>();
        private Descriptors.ServiceDescriptor proto;

        private Builder(String name) {
            this.name = name;
        }

        /** The service's protobuf descriptor, for server reflection. */
        public Builder proto(Descriptors.ServiceDescriptor descriptor) {
            this.proto = descriptor;
            return this;
        }

        public <Req, Resp> Builder method(MethodDescriptor<Req, Resp> descriptor, ServerMethods.Handler<Req, Resp> handler) {
            if (!descriptor.serviceName().equals(name)) {
                throw new IllegalArgumentException(descriptor.fullName() + " is not in service " + name);
            }
            if (methods.put(descriptor.methodName(), new MethodDefinition<>(descriptor, handler)) != null) {
                throw new IllegalArgumentException("duplicate method " + descriptor.fullName());
            }
            return this;
        }

        public ServiceDefinition build() {
            return new ServiceDefinition(name, methods, proto);
        }
    }

    /** Method names, for listings. */
    public List<String> methodNames() {
        return List.copyOf(methods.keySet());
    }
}
