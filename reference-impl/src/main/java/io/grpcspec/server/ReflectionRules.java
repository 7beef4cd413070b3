package io.grpcspec.server;

import io.grpcspec.spec.Rule;

/**
 * Rules of area RF (gRPC server reflection, {@code grpc.reflection.v1} and {@code v1alpha}).
 * They live beside their enforcing code ({@link ReflectionIndex}) because answering needs
 * protobuf descriptors, which the pure spec packages do not use.
 */
public final class ReflectionRules {
    private ReflectionRules() {}

    public static final Rule RF_1 = Rule.must("RF-1", "gRPC reflection.proto (list_services)",
            "list_services names every service the server exposes, by fully-qualified name.");

    public static final Rule RF_2 = Rule.must("RF-2", "gRPC reflection.proto (FileDescriptorResponse); grpc-java ProtoReflectionService",
            "A file answer carries the file asked for first, then every file it imports, directly or not, each once, so the client can build its descriptors.");

    public static final Rule RF_3 = Rule.must("RF-3", "gRPC reflection.proto (file_by_filename, file_containing_symbol)",
            "Files are found by the name they were compiled under, and by any fully-qualified symbol they define: service, method, message, enum, field, enum value, extension, nested ones included.");

    public static final Rule RF_4 = Rule.must("RF-4", "gRPC reflection.proto (file_containing_extension, all_extension_numbers_of_type)",
            "Extensions are found by extended type and number; a known message type lists the extension numbers known for it, possibly none.");

    public static final Rule RF_5 = Rule.must("RF-5", "grpc-go and grpc-java reflection",
            "A file, symbol, type or extension the server does not know is answered with error_response NOT_FOUND, and the stream goes on.");

    public static final Rule RF_6 = Rule.must("RF-6", "gRPC reflection.proto (ServerReflectionResponse)",
            "Every response repeats the request it answers as original_request, and its host as valid_host.");

    public static final Rule RF_7 = Rule.should("RF-7", "grpc-go reflection (INVALID_ARGUMENT; grpc-java answers UNIMPLEMENTED)",
            "A request that asks nothing (no message_request set) is answered with error_response INVALID_ARGUMENT, and the stream goes on.");
}
