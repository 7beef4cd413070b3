package io.grpcspec.cli;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import io.grpcspec.client.ReflectionClient;
import io.grpcspec.client.ReflectionClient.ReflectionException;
import io.grpcspec.rpc.ProtoSymbols;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Descriptors from the server's reflection service ({@link ReflectionClient}: v1, else v1alpha).
 * A symbol the server does not index by itself (some index only top-level types) is looked up
 * through its parent: {@code pkg.Service.Method} in the file of {@code pkg.Service}. When the
 * server has no reflection at all and a fallback was given, the fallback answers instead.
 */
final class ReflectionSource implements DescriptorSource {
    private final ReflectionClient client;
    private final String target;
    private final DescriptorSource fallback;
    private boolean usingFallback;

    /** @param fallback answers when the server has no reflection (null: that is a failure) */
    ReflectionSource(ReflectionClient client, String target, DescriptorSource fallback) {
        this.client = client;
        this.target = target;
        this.fallback = fallback;
    }

    @Override
    public List<String> services() throws CliFailure {
        try {
            if (usingFallback) return fallback.services();
            return client.listServices().stream().sorted().toList();
        } catch (ReflectionException e) {
            if (useFallback(e)) return fallback.services();
            throw failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
    }

    @Override
    public GenericDescriptor find(String symbol) throws CliFailure {
        String name = ProtoSymbols.strip(symbol);
        if (usingFallback) return fallback.find(name);
        try {
            GenericDescriptor d = lookUp(name);
            if (d == null && name.lastIndexOf('.') > 0) {
                // Try the parent: a method of a service, a field or nested type of a message.
                GenericDescriptor parent = lookUp(name.substring(0, name.lastIndexOf('.')));
                if (parent != null) d = search(parent.getFile(), name);
            }
            return d;
        } catch (ReflectionException e) {
            if (useFallback(e)) return fallback.find(name);
            throw failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
    }

    @Override
    public String origin() {
        if (usingFallback) return fallback.origin() + " (the server has no reflection)";
        String service = client.serviceName();
        return "the server's reflection (" + service.substring(0, service.lastIndexOf('.')) + ")";
    }

    /** Whether the server turned out to have no reflection, so the fallback answers. */
    boolean usingFallback() {
        return usingFallback;
    }

    String target() {
        return target;
    }

    /** The symbol's descriptor, or null when the server answers NOT_FOUND (or any error response). */
    private GenericDescriptor lookUp(String name) throws ReflectionException, InterruptedException {
        try {
            return search(client.fileContainingSymbol(name), name);
        } catch (ReflectionException e) {
            if (e.kind() == ReflectionException.Kind.ERROR_RESPONSE) return null;
            throw e;
        }
    }

    /** {@code name} in {@code file} or the files it imports. */
    private static GenericDescriptor search(FileDescriptor file, String name) {
        Set<String> seen = new HashSet<>();
        Deque<FileDescriptor> todo = new ArrayDeque<>(List.of(file));
        while (!todo.isEmpty()) {
            FileDescriptor f = todo.removeFirst();
            if (!seen.add(f.getName())) continue;
            GenericDescriptor d = ProtoSymbols.of(f).get(name);
            if (d != null) return d;
            todo.addAll(f.getDependencies());
        }
        return null;
    }

    private boolean useFallback(ReflectionException e) {
        if (e.kind() != ReflectionException.Kind.UNSUPPORTED || fallback == null) return false;
        usingFallback = true;
        return true;
    }

    private CliFailure failure(ReflectionException e) {
        if (e.kind() == ReflectionException.Kind.UNSUPPORTED) {
            return CliFailure.failed(target + ": " + e.getMessage() + "; give the descriptors with --protoset FILE");
        }
        return CliFailure.failed(target + ": reflection failed: " + e.getMessage());
    }
}
