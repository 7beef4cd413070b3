package io.grpcspec.client;

import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.services.GreeterMethods;
import io.grpcspec.rpc.services.TestServiceMethods;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The methods of the built-in services by full name, for callers that only have a name (the CLI). */
public final class KnownMethods {
    private KnownMethods() {}

    private static final Map<String, MethodDescriptor<?, ?>> ALL = build();

    private static Map<String, MethodDescriptor<?, ?>> build() {
        Map<String, MethodDescriptor<?, ?>> m = new LinkedHashMap<>();
        for (MethodDescriptor<?, ?> d : List.of(GreeterMethods.SAY_HELLO, TestServiceMethods.EMPTY_CALL,
                TestServiceMethods.UNARY_CALL, TestServiceMethods.CACHEABLE_UNARY_CALL, TestServiceMethods.STREAMING_OUTPUT_CALL,
                TestServiceMethods.STREAMING_INPUT_CALL, TestServiceMethods.FULL_DUPLEX_CALL, TestServiceMethods.HALF_DUPLEX_CALL,
                TestServiceMethods.UNIMPLEMENTED_CALL, TestServiceMethods.UNIMPLEMENTED_SERVICE_CALL)) {
            m.put(d.fullName(), d);
        }
        return m;
    }

    /** The method named {@code package.Service/Method} (a leading '/' is allowed), or null. */
    public static MethodDescriptor<?, ?> find(String fullName) {
        String n = fullName.startsWith("/") ? fullName.substring(1) : fullName;
        return ALL.get(n);
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }
}
