package io.grpcspec.bench.load;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.grpcspec.bench.peer.PeerMethods;
import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.testing.ResponseParameters;
import io.grpcspec.proto.testing.StreamingOutputCallRequest;
import io.grpcspec.proto.testing.StreamingOutputCallResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The grpc-java client side of the closed loops: channels, and the two calls they repeat. */
final class GrpcCalls {
    private GrpcCalls() {}

    /** {@code n} plaintext channels to 127.0.0.1:{@code port}, each its own connection, each checked with one SayHello. */
    static List<ManagedChannel> channels(int port, int n) {
        List<ManagedChannel> out = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                // directExecutor: callbacks on the event loop, so the client spends as little as it can per call.
                ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build();
                out.add(ch);
                HelloReply r = ClientCalls.blockingUnaryCall(ch, PeerMethods.SAY_HELLO,
                        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), Greeting.REQUEST);
                if (!r.getMessage().equals(Greeting.EXPECTED)) throw new IllegalStateException("reply '" + r.getMessage() + "'");
            }
            return out;
        } catch (RuntimeException e) {
            close(out);
            throw e;
        }
    }

    static void close(List<ManagedChannel> channels) {
        for (ManagedChannel ch : channels) ch.shutdownNow();
        try {
            for (ManagedChannel ch : channels) ch.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SayHello{name: "world"}; a reply other than "Hello world" fails the call. */
    static ClosedLoop.AsyncCall sayHello() {
        return (ch, done) -> ClientCalls.asyncUnaryCall(ch.newCall(PeerMethods.SAY_HELLO, CallOptions.DEFAULT), Greeting.REQUEST,
                new StreamObserver<HelloReply>() {
                    private boolean wrong;

                    @Override
                    public void onNext(HelloReply reply) {
                        wrong = !reply.getMessage().equals(Greeting.EXPECTED);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.failed(t);
                    }

                    @Override
                    public void onCompleted() {
                        if (wrong) done.failed(new IllegalStateException("unexpected reply"));
                        else done.completed();
                    }
                });
    }

    /** StreamingOutputCall asking for {@code messages} responses of {@code size} bytes; each counts its payload bytes. */
    static ClosedLoop.AsyncCall streamingOutput(int messages, int size) {
        StreamingOutputCallRequest.Builder b = StreamingOutputCallRequest.newBuilder();
        for (int i = 0; i < messages; i++) b.addResponseParameters(ResponseParameters.newBuilder().setSize(size));
        StreamingOutputCallRequest request = b.build();
        return (ch, done) -> ClientCalls.asyncServerStreamingCall(ch.newCall(PeerMethods.STREAMING_OUTPUT_CALL, CallOptions.DEFAULT),
                request, new StreamObserver<StreamingOutputCallResponse>() {
                    @Override
                    public void onNext(StreamingOutputCallResponse m) {
                        done.received(m.getPayload().getBody().size());
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.failed(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.completed();
                    }
                });
    }
}
