package io.grpcspec.cli;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Descriptors as proto source text, the way {@code describe} shows them (in grpcurl's style):
 * message and enum types fully qualified with a leading dot, nested types inside their message,
 * fields in declaration order with their labels as the file's syntax writes them. Comments and
 * options other than {@code [default = ...]} and {@code [deprecated = true]} are not shown.
 */
final class ProtoText {
    private ProtoText() {}

    private static final String INDENT = "  ";
    /** The largest field number (2^29 - 1): an extension range ending there is written "to max". */
    private static final int MAX_FIELD_NUMBER = (1 << 29) - 1;

    /** What {@code d} is, as in "X is a message:". */
    static String kind(GenericDescriptor d) {
        return switch (d) {
            case ServiceDescriptor s -> "a service";
            case MethodDescriptor m -> "a method";
            case Descriptor m -> m.getOptions().getMapEntry() ? "the entry type of a map field" : "a message";
            case FieldDescriptor f -> f.isExtension() ? "an extension" : "a field";
            case OneofDescriptor o -> "a one-of";
            case EnumDescriptor e -> "an enum";
            case EnumValueDescriptor v -> "an enum value";
            default -> "a " + d.getClass().getSimpleName();
        };
    }

    /** {@code d} as proto source. */
    static String of(GenericDescriptor d) {
        List<String> out = new ArrayList<>();
        switch (d) {
            case ServiceDescriptor s -> service(s, out);
            case MethodDescriptor m -> out.add(method(m));
            case Descriptor m -> message(m, "", out);
            case FieldDescriptor f when f.isExtension() -> {
                out.add("extend " + typeName(f.getContainingType()) + " {");
                out.add(INDENT + field(f));
                out.add("}");
            }
            case FieldDescriptor f -> out.add(field(f));
            case OneofDescriptor o -> oneof(o, "", out);
            case EnumDescriptor e -> enumeration(e, "", out);
            case EnumValueDescriptor v -> out.add(value(v));
            default -> out.add("// " + d.getFullName());
        }
        return String.join("\n", out);
    }

    private static void service(ServiceDescriptor s, List<String> out) {
        out.add("service " + s.getName() + " {");
        for (MethodDescriptor m : s.getMethods()) out.add(INDENT + method(m));
        out.add("}");
    }

    static String method(MethodDescriptor m) {
        return "rpc " + m.getName() + " ( " + (m.isClientStreaming() ? "stream " : "") + typeName(m.getInputType())
                + " ) returns ( " + (m.isServerStreaming() ? "stream " : "") + typeName(m.getOutputType()) + " );";
    }

    private static void message(Descriptor m, String indent, List<String> out) {
        out.add(indent + "message " + m.getName() + " {");
        String in = indent + INDENT;
        for (FieldDescriptor f : m.getFields()) {
            if (f.getRealContainingOneof() != null) {
                if (f.getRealContainingOneof().getField(0) == f) oneof(f.getRealContainingOneof(), in, out);
                continue;
            }
            out.add(in + field(f));
        }
        for (Descriptor n : m.getNestedTypes()) {
            if (!n.getOptions().getMapEntry()) message(n, in, out);
        }
        for (EnumDescriptor e : m.getEnumTypes()) enumeration(e, in, out);
        for (DescriptorProto.ExtensionRange r : m.toProto().getExtensionRangeList()) {
            int end = r.getEnd() - 1; // the proto's end is exclusive
            out.add(in + "extensions " + r.getStart() + " to " + (end == MAX_FIELD_NUMBER ? "max" : String.valueOf(end)) + ";");
        }
        for (FieldDescriptor x : m.getExtensions()) {
            out.add(in + "extend " + typeName(x.getContainingType()) + " {");
            out.add(in + INDENT + field(x));
            out.add(in + "}");
        }
        out.add(indent + "}");
    }

    private static void oneof(OneofDescriptor o, String indent, List<String> out) {
        out.add(indent + "oneof " + o.getName() + " {");
        for (FieldDescriptor f : o.getFields()) out.add(indent + INDENT + field(f));
        out.add(indent + "}");
    }

    private static void enumeration(EnumDescriptor e, String indent, List<String> out) {
        out.add(indent + "enum " + e.getName() + " {");
        for (EnumValueDescriptor v : e.getValues()) out.add(indent + INDENT + value(v));
        out.add(indent + "}");
    }

    private static String value(EnumValueDescriptor v) {
        return v.getName() + " = " + v.getNumber() + ";";
    }

    static String field(FieldDescriptor f) {
        StringBuilder b = new StringBuilder();
        if (f.isMapField()) {
            Descriptor entry = f.getMessageType();
            b.append("map<").append(type(entry.findFieldByNumber(1))).append(", ").append(type(entry.findFieldByNumber(2))).append("> ");
        } else {
            String label = label(f);
            if (!label.isEmpty()) b.append(label).append(' ');
            b.append(type(f)).append(' ');
        }
        b.append(f.getName()).append(" = ").append(f.getNumber());
        List<String> options = new ArrayList<>();
        FieldDescriptorProto p = f.toProto();
        if (p.hasDefaultValue()) {
            options.add("default = " + (f.getType() == FieldDescriptor.Type.STRING ? "\"" + p.getDefaultValue() + "\"" : p.getDefaultValue()));
        }
        if (f.getOptions().getDeprecated()) options.add("deprecated = true");
        if (!options.isEmpty()) b.append(" [").append(String.join(", ", options)).append(']');
        return b.append(';').toString();
    }

    /** The label as the file's syntax writes it: proto2 always has one, proto3 only repeated and explicit optional. */
    private static String label(FieldDescriptor f) {
        if (f.isRepeated()) return "repeated";
        if (f.isRequired()) return "required";
        boolean proto2 = "proto2".equals(syntax(f.getFile()));
        if (proto2) return f.getRealContainingOneof() != null ? "" : "optional";
        return f.toProto().getProto3Optional() ? "optional" : "";
    }

    private static String syntax(FileDescriptor file) {
        String s = file.toProto().getSyntax();
        return s.isEmpty() ? "proto2" : s;
    }

    private static String type(FieldDescriptor f) {
        return switch (f.getType()) {
            case MESSAGE, GROUP -> typeName(f.getMessageType());
            case ENUM -> typeName(f.getEnumType());
            default -> f.getType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String typeName(GenericDescriptor d) {
        return "." + d.getFullName();
    }
}
