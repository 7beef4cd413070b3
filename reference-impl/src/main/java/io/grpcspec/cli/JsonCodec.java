package io.grpcspec.cli;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dynamic messages to and from protobuf JSON ({@link JsonFormat}). A {@code google.protobuf.Any}
 * needs its packed type in the printer's and parser's type registry; types not known yet are
 * asked of the {@link DescriptorSource} (server reflection or a protoset) when JsonFormat names
 * them, and the conversion is tried again. A request that does not match its message type is
 * reported with the path of the field that is wrong.
 */
final class JsonCodec {
    /** JsonFormat's words for an Any whose type it cannot resolve: the URL's last segment is the type. */
    private static final Pattern TYPE_URL = Pattern.compile("(?:type for url|resolve type): *(\\S+)");
    /** Enough for a message nesting several Any values; bounds the lookups for a hostile answer. */
    private static final int MAX_LOOKUPS = 32;

    private final DescriptorSource source;
    private final boolean emitDefaults;
    private final Set<Descriptor> known = new LinkedHashSet<>();
    private JsonFormat.TypeRegistry registry = JsonFormat.TypeRegistry.getEmptyTypeRegistry();

    JsonCodec(DescriptorSource source, boolean emitDefaults, Descriptor... start) {
        this.source = source;
        this.emitDefaults = emitDefaults;
        for (Descriptor d : start) learn(d);
    }

    /** {@code json} as a message of {@code type}; JSON {@code null} is the empty message (its fields' defaults). */
    DynamicMessage parse(String json, Descriptor type) throws CliFailure {
        if (json.strip().equals("null")) return DynamicMessage.getDefaultInstance(type);
        for (int lookups = 0; ; lookups++) {
            DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
            try {
                JsonFormat.parser().usingTypeRegistry(registry).merge(json, b);
                return b.build();
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                if (lookups < MAX_LOOKUPS && resolvedAnyType(e)) continue;
                String where = locate(json, type);
                throw CliFailure.input("the JSON does not match " + type.getFullName()
                        + (where == null ? "" : " at field " + where) + ": " + message(e));
            }
        }
    }

    /** {@code m} as (pretty-printed) JSON. */
    String print(MessageOrBuilder m) throws CliFailure {
        for (int lookups = 0; ; lookups++) {
            try {
                JsonFormat.Printer p = JsonFormat.printer().usingTypeRegistry(registry);
                if (emitDefaults) p = p.alwaysPrintFieldsWithNoPresence();
                return p.print(m);
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                if (lookups < MAX_LOOKUPS && resolvedAnyType(e)) continue;
                throw CliFailure.failed("cannot print the " + m.getDescriptorForType().getFullName() + " response as JSON: " + message(e));
            }
        }
    }

    /** When {@code e} is about an Any type not in the registry: looks it up; true when it is known now. */
    private boolean resolvedAnyType(Exception e) {
        Matcher m = TYPE_URL.matcher(String.valueOf(e.getMessage()));
        if (!m.find()) return false;
        String url = m.group(1);
        String name = url.substring(url.lastIndexOf('/') + 1);
        if (name.endsWith(".")) name = name.substring(0, name.length() - 1);
        Descriptor d = source.message(name);
        if (d == null || known.contains(d)) return false;
        learn(d);
        return true;
    }

    private void learn(Descriptor d) {
        known.add(d);
        // Adding a type adds every message of its file and of the files that file imports.
        registry = JsonFormat.TypeRegistry.newBuilder().add(known).build();
    }

    /**
     * The path of the first member of {@code json} that does not parse on its own, e.g.
     * {@code payload.body} or {@code items[2].name}; null when no single member is to blame.
     */
    private String locate(String json, Descriptor type) {
        List<String[]> members = JsonInput.members(json);
        if (members == null) return null;
        for (String[] m : members) {
            String name = m[0];
            String value = m[1];
            if (parses("{" + quote(name) + ":" + value + "}", type)) continue;
            FieldDescriptor f = field(type, name);
            if (f == null || f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || f.isMapField()) return name;
            if (f.isRepeated()) {
                try {
                    List<String> items = JsonInput.split(value);
                    for (int i = 0; i < items.size(); i++) {
                        if (!parses(items.get(i), f.getMessageType())) {
                            String inner = locate(items.get(i), f.getMessageType());
                            return name + "[" + i + "]" + (inner == null ? "" : "." + inner);
                        }
                    }
                } catch (JsonInput.SyntaxError e) {
                    return name;
                }
                return name;
            }
            String inner = locate(value, f.getMessageType());
            return inner == null ? name : name + "." + inner;
        }
        return null;
    }

    private boolean parses(String json, Descriptor type) {
        try {
            JsonFormat.parser().usingTypeRegistry(registry).merge(json, DynamicMessage.newBuilder(type));
            return true;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return false;
        }
    }

    /** The field a JSON member names: by its JSON name (lowerCamelCase) or its proto name. */
    private static FieldDescriptor field(Descriptor type, String jsonName) {
        for (FieldDescriptor f : type.getFields()) {
            if (f.getJsonName().equals(jsonName) || f.getName().equals(jsonName)) return f;
        }
        return null;
    }

    private static String quote(String name) {
        return "\"" + name + "\"";
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        // JsonFormat wraps Gson's errors; the innermost message is the precise one.
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && m == null) m = t.getMessage();
        }
        return m == null ? e.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
