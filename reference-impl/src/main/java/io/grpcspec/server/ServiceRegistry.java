package io.grpcspec.server;

import io.grpcspec.rpc.ServiceDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The services a server answers, by name. Immutable once the server is built. */
public final class ServiceRegistry {
    private final Map<String, ServiceDefinition> services;

    ServiceRegistry(List<ServiceDefinition> defs) {
        Map<String, ServiceDefinition> m = new LinkedHashMap<>();
        for (ServiceDefinition d : defs) {
            if (m.put(d.name(), d) != null) throw new IllegalArgumentException("service registered twice: " + d.name());
        }
        this.services = Map.copyOf(m);
    }

    /** The outcome of looking up a {@code :path}. */
    public sealed interface Lookup {}

    public record Found(ServiceDefinition.MethodDefinition<?, ?> method) implements Lookup {}

    /** UNIMPLEMENTED, with the message grpc-go gives. */
    public record Missing(String message) implements Lookup {}

    /** Looks up {@code /package.Service/Method}. */
    public Lookup lookup(String service, String method) {
        ServiceDefinition s = services.get(service);
        if (s == null) return new Missing("unknown service " + service);
        ServiceDefinition.MethodDefinition<?, ?> m = s.method(method);
        if (m == null) return new Missing("unknown method " + method + " for service " + service);
        return new Found(m);
    }

    /** The registered service names, sorted. */
    public List<String> serviceNames() {
        return services.keySet().stream().sorted().toList();
    }
}
