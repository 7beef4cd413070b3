package io.grpcspec.rpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A service as the server registry holds it: its name and a handler per method. */
public record ServiceDefinition(String name, Map<String, MethodDefinition<?, ?>> methods) {

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

        private Builder(String name) {
            this.name = name;
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
            return new ServiceDefinition(name, methods);
        }
    }

    /** Method names, for listings. */
    public List<String> methodNames() {
        return List.copyOf(methods.keySet());
    }
}
