package io.grpcspec.bench.peer;

import com.google.protobuf.ByteString;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.testing.Empty;
import io.grpcspec.proto.testing.Payload;
import io.grpcspec.proto.testing.ResponseParameters;
import io.grpcspec.proto.testing.SimpleResponse;
import io.grpcspec.proto.testing.StreamingOutputCallRequest;
import io.grpcspec.proto.testing.StreamingOutputCallResponse;
import java.util.ArrayDeque;

/**
 * The grpc-java side's services, written on grpc-java's public stub API the way its examples and
 * interop TestService are: {@code helloworld.Greeter/SayHello} answers {@code "Hello " + name};
 * TestService's EmptyCall, UnaryCall (a payload of {@code response_size} zero bytes),
 * StreamingOutputCall (one response of {@code size} zero bytes per response parameter, written
 * only while the transport is ready, as grpc-java's own TestServiceImpl does) and FullDuplexCall
 * (the same per request message). Payloads are allocated per message, as our server does, so
 * both servers do the same work per call. Intervals, compression and echoed metadata are not
 * implemented: the load never asks for them. Other TestService methods answer UNIMPLEMENTED.
 */
public final class PeerServices {
    private PeerServices() {}

    public static ServerServiceDefinition greeter() {
        return ServerServiceDefinition.builder(PeerMethods.GREETER)
                .addMethod(PeerMethods.SAY_HELLO, ServerCalls.asyncUnaryCall((request, reply) -> {
                    reply.onNext(HelloReply.newBuilder().setMessage("Hello " + request.getName()).build());
                    reply.onCompleted();
                }))
                .build();
    }

    public static ServerServiceDefinition testService() {
        return ServerServiceDefinition.builder(PeerMethods.TEST_SERVICE)
                .addMethod(PeerMethods.EMPTY_CALL, ServerCalls.asyncUnaryCall((request, reply) -> {
                    reply.onNext(Empty.getDefaultInstance());
                    reply.onCompleted();
                }))
                .addMethod(PeerMethods.UNARY_CALL, ServerCalls.asyncUnaryCall((request, reply) -> {
                    reply.onNext(SimpleResponse.newBuilder().setPayload(payload(request.getResponseSize())).build());
                    reply.onCompleted();
                }))
                .addMethod(PeerMethods.STREAMING_OUTPUT_CALL, ServerCalls.asyncServerStreamingCall(
                        (request, reply) -> new Dispatcher((ServerCallStreamObserver<StreamingOutputCallResponse>) reply, request).start()))
                .addMethod(PeerMethods.FULL_DUPLEX_CALL, ServerCalls.asyncBidiStreamingCall(reply -> new StreamObserver<>() {
                    @Override
                    public void onNext(StreamingOutputCallRequest request) {
                        for (ResponseParameters p : request.getResponseParametersList()) reply.onNext(response(p.getSize()));
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        reply.onCompleted();
                    }
                }))
                .build();
    }

    static Payload payload(int size) {
        return Payload.newBuilder().setBody(ByteString.copyFrom(new byte[Math.max(0, size)])).build();
    }

    static StreamingOutputCallResponse response(int size) {
        return StreamingOutputCallResponse.newBuilder().setPayload(payload(size)).build();
    }

    /** Writes a StreamingOutputCall's responses while the call is ready, resuming on each onReady. */
    private static final class Dispatcher {
        private final ServerCallStreamObserver<StreamingOutputCallResponse> out;
        private final ArrayDeque<Integer> sizes = new ArrayDeque<>();
        private boolean done;

        Dispatcher(ServerCallStreamObserver<StreamingOutputCallResponse> out, StreamingOutputCallRequest request) {
            this.out = out;
            for (ResponseParameters p : request.getResponseParametersList()) sizes.add(p.getSize());
        }

        void start() {
            out.setOnReadyHandler(this::drain);
            out.setOnCancelHandler(() -> done = true);
            drain();
        }

        /** Runs on the call's serialised executor (grpc-java never runs two callbacks of a call at once). */
        private synchronized void drain() {
            while (!done && out.isReady() && !sizes.isEmpty()) out.onNext(response(sizes.poll()));
            if (!done && sizes.isEmpty()) {
                done = true;
                out.onCompleted();
            }
        }
    }
}
