package io.grpcspec.rpc.services;

import com.google.protobuf.Descriptors;
import java.util.List;

/** The protobuf descriptors of every service this project ships, in a fixed order. */
public final class KnownServices {
    private KnownServices() {}

    public static final List<Descriptors.ServiceDescriptor> ALL = List.of(
            GreeterMethods.DESCRIPTOR,
            TestServiceMethods.DESCRIPTOR,
            TestServiceMethods.UNIMPLEMENTED_SERVICE_DESCRIPTOR,
            HealthMethods.DESCRIPTOR,
            ReflectionMethods.DESCRIPTOR_V1,
            ReflectionMethods.DESCRIPTOR_V1ALPHA);
}
