package io.grpcspec.cli;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpcspec.rpc.ProtoSymbols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Descriptors from FileDescriptorSet files ({@code protoc --descriptor_set_out=F
 * --include_imports}, grpcurl's {@code -protoset}): every file in them is built, imports first,
 * and every service in them is listed. A file whose import is in none of the sets is refused,
 * naming both (protoc writes imports only with {@code --include_imports}).
 */
final class ProtosetSource implements DescriptorSource {
    private final List<Path> paths;
    private final Map<String, FileDescriptor> files = new LinkedHashMap<>();
    private final Map<String, GenericDescriptor> symbols = new HashMap<>();

    ProtosetSource(List<Path> paths) throws CliFailure {
        this.paths = List.copyOf(paths);
        Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
        Map<String, Path> from = new HashMap<>();
        for (Path p : paths) {
            FileDescriptorSet set;
            try {
                set = FileDescriptorSet.parseFrom(Files.readAllBytes(p));
            } catch (NoSuchFileException e) {
                throw CliFailure.input("protoset " + p + " does not exist");
            } catch (InvalidProtocolBufferException e) {
                throw CliFailure.input("protoset " + p + " is not a FileDescriptorSet: " + e.getMessage());
            } catch (IOException e) {
                throw CliFailure.input("cannot read protoset " + p + ": " + e.getMessage());
            }
            for (FileDescriptorProto f : set.getFileList()) {
                if (protos.putIfAbsent(f.getName(), f) == null) from.put(f.getName(), p);
            }
        }
        for (String name : protos.keySet()) build(name, protos, from, new ArrayList<>());
        for (FileDescriptor f : files.values()) ProtoSymbols.of(f).forEach(symbols::putIfAbsent);
    }

    private FileDescriptor build(String name, Map<String, FileDescriptorProto> protos, Map<String, Path> from, List<String> path)
            throws CliFailure {
        FileDescriptor done = files.get(name);
        if (done != null) return done;
        FileDescriptorProto p = protos.get(name);
        if (path.contains(name)) throw CliFailure.input("protoset " + from.get(name) + ": import cycle " + path + " -> " + name);
        path.add(name);
        List<FileDescriptor> deps = new ArrayList<>();
        for (String d : p.getDependencyList()) {
            if (!protos.containsKey(d)) {
                throw CliFailure.input("protoset " + from.get(name) + ": " + name + " imports " + d
                        + ", which no protoset holds (write protosets with protoc --include_imports)");
            }
            deps.add(build(d, protos, from, path));
        }
        path.remove(name);
        try {
            FileDescriptor f = FileDescriptor.buildFrom(p, deps.toArray(new FileDescriptor[0]));
            files.put(name, f);
            return f;
        } catch (DescriptorValidationException e) {
            throw CliFailure.input("protoset " + from.get(name) + ": " + name + " is not valid: " + e.getMessage());
        }
    }

    @Override
    public List<String> services() {
        TreeSet<String> names = new TreeSet<>();
        for (FileDescriptor f : files.values()) {
            for (ServiceDescriptor s : f.getServices()) names.add(s.getFullName());
        }
        return List.copyOf(names);
    }

    @Override
    public GenericDescriptor find(String symbol) {
        return symbols.get(ProtoSymbols.strip(symbol));
    }

    @Override
    public String origin() {
        return "protoset " + String.join(", ", paths.stream().map(Path::toString).toList());
    }
}
