package io.grpcspec.rpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every fully-qualified symbol a proto file defines, with its descriptor: services, methods
 * ({@code pkg.Service.Method}), messages and nested messages, fields, oneofs, enums, enum values
 * and extensions. Server reflection finds files by these names; the CLI finds what to describe
 * or call by them.
 */
public final class ProtoSymbols {
    private ProtoSymbols() {}

    /** The symbols {@code file} defines (not those of its imports), in declaration order. */
    public static Map<String, GenericDescriptor> of(FileDescriptor file) {
        Map<String, GenericDescriptor> out = new LinkedHashMap<>();
        for (ServiceDescriptor s : file.getServices()) {
            out.putIfAbsent(s.getFullName(), s);
            s.getMethods().forEach(m -> out.putIfAbsent(m.getFullName(), m));
        }
        file.getMessageTypes().forEach(m -> message(m, out));
        file.getEnumTypes().forEach(e -> enumeration(e, file, out));
        file.getExtensions().forEach(x -> out.putIfAbsent(x.getFullName(), x));
        return out;
    }

    /** {@code name} without the leading '.' of descriptor syntax ({@code .pkg.Msg}). */
    public static String strip(String name) {
        return name.startsWith(".") ? name.substring(1) : name;
    }

    private static void message(Descriptor m, Map<String, GenericDescriptor> out) {
        out.putIfAbsent(m.getFullName(), m);
        m.getFields().forEach(f -> out.putIfAbsent(f.getFullName(), f));
        m.getOneofs().forEach(o -> out.putIfAbsent(o.getFullName(), o));
        m.getNestedTypes().forEach(n -> message(n, out));
        m.getEnumTypes().forEach(e -> enumeration(e, m.getFile(), out));
        m.getExtensions().forEach(x -> out.putIfAbsent(x.getFullName(), x));
    }

    private static void enumeration(EnumDescriptor e, FileDescriptor file, Map<String, GenericDescriptor> out) {
        out.putIfAbsent(e.getFullName(), e);
        // Enum values are scoped like their enum, as siblings of it (C++ scoping): "pkg.Msg.VALUE"
        // is the name protoc and other implementations use; protobuf-java's own full name is
        // "pkg.Msg.Enum.VALUE", and both are accepted.
        String scope = e.getContainingType() != null ? e.getContainingType().getFullName() : file.getPackage();
        for (var v : e.getValues()) {
            out.putIfAbsent(scope.isEmpty() ? v.getName() : scope + "." + v.getName(), v);
            out.putIfAbsent(v.getFullName(), v);
        }
    }

    /** Whether {@code d} is an extension field (declared with {@code extend}). */
    public static boolean isExtension(GenericDescriptor d) {
        return d instanceof FieldDescriptor f && f.isExtension();
    }
}
