/**
 * What a client and a server both need to know about the services this project ships: service
 * names, {@link io.grpcspec.rpc.MethodDescriptor}s with their protobuf marshallers, and the
 * protobuf {@code ServiceDescriptor}s that server reflection serves and the {@code call} command
 * falls back on. Greeter and grpc.testing.TestService (the interop service), grpc.health.v1.Health
 * and server reflection (v1 and v1alpha). The implementations live in {@code server}, the typed
 * stubs in {@code client}; both depend on this package, never on each other.
 */
package io.grpcspec.rpc.services;
