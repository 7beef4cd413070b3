package io.grpcspec.bench.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpcspec.proto.testing.Empty;
import io.grpcspec.proto.testing.ResponseParameters;
import io.grpcspec.proto.testing.SimpleRequest;
import io.grpcspec.proto.testing.StreamingOutputCallRequest;
import io.grpcspec.proto.testing.StreamingOutputCallResponse;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The grpc-java peer answers the calls the load makes exactly as our server does. */
class PeerServicesTest {

    /** The answers of one server to the calls the comparison makes, as text. */
    private static List<String> answers(int port) throws InterruptedException {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            CallOptions o = CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS);
            List<String> out = new ArrayList<>();
            out.add(ClientCalls.blockingUnaryCall(ch, PeerMethods.SAY_HELLO, o,
                    io.grpcspec.proto.helloworld.HelloRequest.newBuilder().setName("peer").build()).getMessage());
            out.add("empty " + ClientCalls.blockingUnaryCall(ch, PeerMethods.EMPTY_CALL, o, Empty.getDefaultInstance()).getSerializedSize());
            out.add("unary " + ClientCalls.blockingUnaryCall(ch, PeerMethods.UNARY_CALL, o,
                    SimpleRequest.newBuilder().setResponseSize(314).build()).getPayload().getBody().size());
            StreamingOutputCallRequest.Builder b = StreamingOutputCallRequest.newBuilder();
            for (int size : new int[] {65536, 1, 0, 100_000}) b.addResponseParameters(ResponseParameters.newBuilder().setSize(size));
            StringBuilder sizes = new StringBuilder("stream");
            Iterator<StreamingOutputCallResponse> it = ClientCalls.blockingServerStreamingCall(ch, PeerMethods.STREAMING_OUTPUT_CALL, o, b.build());
            while (it.hasNext()) {
                var body = it.next().getPayload().getBody();
                for (int i = 0; i < body.size(); i++) if (body.byteAt(i) != 0) throw new AssertionError("payloads are zeros");
                sizes.append(' ').append(body.size());
            }
            out.add(sizes.toString());
            return out;
        } finally {
            ch.shutdownNow();
            ch.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void grpcJavaPeerAnswersAsOurServerDoes() throws IOException, InterruptedException {
        Server ours = ServerBuilder.forPort(0).addService(GreeterService.definition()).addService(InteropTestService.definition()).build().start();
        io.grpc.Server peer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(PeerServices.greeter()).addService(PeerServices.testService()).build().start();
        try {
            List<String> expected = List.of("Hello peer", "empty 0", "unary 314", "stream 65536 1 0 100000");
            assertEquals(expected, answers(ours.port()));
            assertEquals(expected, answers(peer.getPort()));
        } finally {
            ours.shutdownNow();
            peer.shutdownNow();
        }
    }
}
