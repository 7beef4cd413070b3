package io.grpcspec.server;

import io.grpcspec.proto.reflection.v1.ServerReflectionRequest;
import io.grpcspec.proto.reflection.v1.ServerReflectionResponse;
import io.grpcspec.rpc.CallContext;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.ServerMethods;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.rpc.StreamObserver;
import io.grpcspec.rpc.services.ReflectionMethods;
import java.util.ArrayList;
import java.util.List;

/**
 * Server reflection as {@code grpc.reflection.v1.ServerReflection} and under its older name
 * {@code grpc.reflection.v1alpha.ServerReflection}: one answer per request, in order, from one
 * {@link ReflectionIndex} over every service the server registered (these two included).
 */
final class ReflectionService {
    private final List<ServiceDefinition> definitions;
    private final ReflectionIndex index;

    /** Reflection over {@code registered} and itself. */
    ReflectionService(List<ServiceDefinition> registered) {
        this.definitions = List.of(
                definition(ReflectionMethods.INFO_V1, ReflectionMethods.DESCRIPTOR_V1),
                definition(ReflectionMethods.INFO_V1ALPHA, ReflectionMethods.DESCRIPTOR_V1ALPHA));
        List<ServiceDefinition> all = new ArrayList<>(registered);
        all.addAll(definitions);
        this.index = new ReflectionIndex(all);
    }

    /** The v1 and v1alpha services, to register on the server. */
    List<ServiceDefinition> definitions() {
        return definitions;
    }

    private ServiceDefinition definition(MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> method,
                                         com.google.protobuf.Descriptors.ServiceDescriptor proto) {
        return ServiceDefinition.builder(method.serviceName()).proto(proto)
                .method(method, (ServerMethods.BidiStreaming<ServerReflectionRequest, ServerReflectionResponse>) this::stream)
                .build();
    }

    private StreamObserver<ServerReflectionRequest> stream(StreamObserver<ServerReflectionResponse> out, CallContext ctx) {
        return new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionRequest request) {
                out.onNext(index.answer(request));
            }

            @Override
            public void onError(Throwable error) {
                // the client went away; nothing to answer
            }

            @Override
            public void onCompleted() {
                out.onCompleted();
            }
        };
    }
}
