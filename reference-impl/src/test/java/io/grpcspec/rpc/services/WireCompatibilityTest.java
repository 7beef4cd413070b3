package io.grpcspec.rpc.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import org.junit.jupiter.api.Test;

/**
 * Our health and reflection protos are written by us, but their wire form must be the public
 * one: same packages, services, methods, messages, field names, numbers, types and labels as the
 * copies grpc-java ships (grpc-services, on the test class path). Only comments and Java options
 * may differ.
 */
class WireCompatibilityTest {

    /** The file without what does not reach the wire: options, comments, JSON names. */
    private static FileDescriptorProto wireForm(FileDescriptor f) {
        FileDescriptorProto.Builder b = f.toProto().toBuilder().clearOptions().clearSourceCodeInfo();
        for (DescriptorProto.Builder m : b.getMessageTypeBuilderList()) strip(m);
        return b.build();
    }

    private static void strip(DescriptorProto.Builder m) {
        m.clearOptions();
        for (FieldDescriptorProto.Builder f : m.getFieldBuilderList()) f.clearJsonName().clearOptions();
        for (DescriptorProto.Builder n : m.getNestedTypeBuilderList()) strip(n);
    }

    @Test
    void healthIsTheStandardOne() {
        assertEquals(wireForm(io.grpc.health.v1.HealthProto.getDescriptor()),
                wireForm(io.grpcspec.proto.health.v1.HealthProto.getDescriptor()));
    }

    @Test
    void reflectionV1IsTheStandardOne() {
        assertEquals(wireForm(io.grpc.reflection.v1.ServerReflectionProto.getDescriptor()),
                wireForm(io.grpcspec.proto.reflection.v1.ServerReflectionProto.getDescriptor()));
    }

    @Test
    void reflectionV1alphaIsTheStandardOne() {
        assertEquals(wireForm(io.grpc.reflection.v1alpha.ServerReflectionProto.getDescriptor()),
                wireForm(io.grpcspec.proto.reflection.v1alpha.ServerReflectionProto.getDescriptor()));
    }
}
