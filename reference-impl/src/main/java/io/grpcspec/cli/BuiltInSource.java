package io.grpcspec.cli;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grpcspec.rpc.ProtoSymbols;
import io.grpcspec.rpc.services.KnownServices;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The protos compiled into grpcspec (helloworld.Greeter, grpc.testing, grpc.health.v1,
 * server reflection): what {@code call} uses when the server has no reflection and no protoset
 * was given, so the built-in services can be called on any server that has them.
 */
final class BuiltInSource implements DescriptorSource {
    private final Map<String, GenericDescriptor> symbols = new HashMap<>();

    BuiltInSource() {
        Set<String> seen = new HashSet<>();
        Deque<FileDescriptor> todo = new ArrayDeque<>();
        for (ServiceDescriptor s : KnownServices.ALL) todo.add(s.getFile());
        while (!todo.isEmpty()) {
            FileDescriptor f = todo.removeFirst();
            if (!seen.add(f.getName())) continue;
            ProtoSymbols.of(f).forEach(symbols::putIfAbsent);
            todo.addAll(f.getDependencies());
        }
    }

    @Override
    public List<String> services() {
        return KnownServices.ALL.stream().map(ServiceDescriptor::getFullName).sorted().toList();
    }

    @Override
    public GenericDescriptor find(String symbol) {
        return symbols.get(ProtoSymbols.strip(symbol));
    }

    @Override
    public String origin() {
        return "grpcspec's built-in protos";
    }
}
