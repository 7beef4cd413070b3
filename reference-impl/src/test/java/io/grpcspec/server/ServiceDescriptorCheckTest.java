package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.MethodType;
import io.grpcspec.rpc.ProtoMarshaller;
import io.grpcspec.rpc.ServerMethods;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.rpc.services.GreeterMethods;
import io.grpcspec.rpc.services.TestServiceMethods;
import org.junit.jupiter.api.Test;

/** A service's proto descriptor must agree with its methods, or the builder refuses it. */
class ServiceDescriptorCheckTest {

    private static MethodDescriptor<HelloRequest, HelloReply> greeter(String method, MethodType type) {
        return MethodDescriptor.of(GreeterMethods.SERVICE, method, type,
                ProtoMarshaller.of(HelloRequest.getDefaultInstance()), ProtoMarshaller.of(HelloReply.getDefaultInstance()));
    }

    @Test
    void aMethodWithAnotherShapeThanItsDescriptorIsRefused() {
        ServiceDefinition streaming = ServiceDefinition.builder(GreeterMethods.SERVICE).proto(GreeterMethods.DESCRIPTOR)
                .method(greeter("SayHello", MethodType.SERVER_STREAMING),
                        (ServerMethods.ServerStreaming<HelloRequest, HelloReply>) (req, out, ctx) -> out.onCompleted())
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerBuilder.forPort(0).addService(streaming));
        assertTrue(e.getMessage().contains("helloworld.Greeter/SayHello is SERVER_STREAMING"), e.getMessage());
    }

    @Test
    void aMethodTheDescriptorLacksIsRefused() {
        ServiceDefinition extra = ServiceDefinition.builder(GreeterMethods.SERVICE).proto(GreeterMethods.DESCRIPTOR)
                .method(greeter("SayGoodbye", MethodType.UNARY), (ServerMethods.Unary<HelloRequest, HelloReply>) (req, ctx) -> null)
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerBuilder.forPort(0).addService(extra));
        assertEquals("helloworld.Greeter/SayGoodbye is not in the descriptor of helloworld.Greeter", e.getMessage());
    }

    @Test
    void theDescriptorMustBeOfTheSameService() {
        assertThrows(IllegalArgumentException.class,
                () -> ServiceDefinition.builder(GreeterMethods.SERVICE).proto(TestServiceMethods.DESCRIPTOR).build());
    }

    @Test
    void methodsTheServiceLeavesOutAreFine() {
        // InteropTestService implements every TestService method but UnimplementedCall.
        ServerBuilder.forPort(0).addService(InteropTestService.definition());
        assertEquals(TestServiceMethods.DESCRIPTOR.getMethods().size() - 1, InteropTestService.definition().methods().size());
    }
}
