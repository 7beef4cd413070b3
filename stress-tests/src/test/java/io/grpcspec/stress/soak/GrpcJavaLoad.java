package io.grpcspec.stress.soak;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.grpc.testing.integration.EmptyProtos;
import io.grpc.testing.integration.Messages;
import io.grpc.testing.integration.TestServiceGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * grpc-java's client (the test peer) under the soak, with the same mix of calls as
 * {@link OurClientLoad}: its own channels and stubs, keepalive on, every call waiting for the
 * channel to be ready, cancellations of server-streaming calls and deadlines on sleeping ones.
 * Each call must end with exactly the status it deserves, its responses in order and whole.
 */
final class GrpcJavaLoad {
    private static final long PATIENCE_MS = OurClientLoad.PATIENCE.toMillis();

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Ledger ledger;

    GrpcJavaLoad(Ledger ledger) {
        this.ledger = ledger;
    }

    void start(int port, int channelCount, int workersPerChannel, BooleanSupplier running) {
        for (int c = 0; c < channelCount; c++) {
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                    .keepAliveTime(10, TimeUnit.SECONDS).keepAliveWithoutCalls(true).build();
            channels.add(ch);
            for (int w = 0; w < workersPerChannel; w++) {
                String who = "grpc-java client " + c + "." + w;
                workers.add(Thread.ofVirtual().name("soak-grpc-java-" + c + "-" + w).start(() -> {
                    while (running.getAsBoolean()) {
                        try {
                            oneCall(ch, who);
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException e) {
                            ledger.wrongStatus(who, "threw " + e);
                        }
                    }
                }));
            }
        }
    }

    void awaitWorkers() throws InterruptedException {
        for (Thread t : workers) t.join();
    }

    void close() throws InterruptedException {
        for (ManagedChannel ch : channels) ch.shutdownNow();
        for (ManagedChannel ch : channels) ch.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void oneCall(ManagedChannel ch, String who) throws InterruptedException {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        TestServiceGrpc.TestServiceBlockingStub blocking = TestServiceGrpc.newBlockingStub(ch).withWaitForReady()
                .withDeadlineAfter(PATIENCE_MS, TimeUnit.MILLISECONDS);
        TestServiceGrpc.TestServiceStub async = TestServiceGrpc.newStub(ch).withWaitForReady()
                .withDeadlineAfter(PATIENCE_MS, TimeUnit.MILLISECONDS);
        ledger.call();
        int kind = rnd.nextInt(100);
        try {
            if (kind < 15) {
                blocking.emptyCall(EmptyProtos.Empty.getDefaultInstance());
                ledger.messages(2);
            } else if (kind < 35) {
                int size = rnd.nextInt(64 * 1024);
                int got = blocking.unaryCall(Messages.SimpleRequest.newBuilder().setResponseSize(size)
                        .setPayload(payload(rnd.nextInt(16 * 1024))).build()).getPayload().getBody().size();
                ledger.messages(2);
                ledger.responses(who + " unary", List.of(size), List.of(got), true);
            } else if (kind < 40) {
                errorStatus(blocking, who, rnd);
            } else if (kind < 55) {
                List<Integer> sizes = OurClientLoad.sizes(rnd, 1 + rnd.nextInt(20), 8 * 1024);
                List<Integer> got = new ArrayList<>();
                Iterator<Messages.StreamingOutputCallResponse> it = blocking.streamingOutputCall(ask(sizes, 0));
                while (it.hasNext()) got.add(it.next().getPayload().getBody().size());
                ledger.messages(1 + got.size());
                ledger.responses(who + " server streaming", sizes, got, true);
            } else if (kind < 70) {
                clientStreaming(async, who, rnd);
            } else if (kind < 85) {
                pingPong(async, who, rnd);
            } else if (kind < 93) {
                cancelled(async, who, rnd);
            } else {
                deadline(ch, who);
            }
        } catch (StatusRuntimeException e) {
            ledger.wrongStatus(who + " kind " + kind, e.getStatus().toString());
        }
    }

    private void errorStatus(TestServiceGrpc.TestServiceBlockingStub blocking, String who, ThreadLocalRandom rnd) {
        int code = 2 + rnd.nextInt(14);
        String message = "soak status " + code;
        try {
            blocking.unaryCall(Messages.SimpleRequest.newBuilder()
                    .setResponseStatus(Messages.EchoStatus.newBuilder().setCode(code).setMessage(message)).build());
            ledger.wrongStatus(who + " error status", "OK instead of " + code);
        } catch (StatusRuntimeException e) {
            ledger.messages(1);
            Status st = e.getStatus();
            if (st.getCode().value() != code || !message.equals(st.getDescription())) {
                ledger.wrongStatus(who + " error status", st + " instead of " + code + " \"" + message + "\"");
            }
        }
    }

    private void clientStreaming(TestServiceGrpc.TestServiceStub async, String who, ThreadLocalRandom rnd) throws InterruptedException {
        List<Integer> sizes = OurClientLoad.sizes(rnd, 1 + rnd.nextInt(20), 8 * 1024);
        Outcome<Messages.StreamingInputCallResponse> out = new Outcome<>();
        StreamObserver<Messages.StreamingInputCallRequest> requests = async.streamingInputCall(out);
        long sent = 0;
        for (int n : sizes) {
            requests.onNext(Messages.StreamingInputCallRequest.newBuilder().setPayload(payload(n)).build());
            sent += n;
        }
        requests.onCompleted();
        Status st = out.await();
        if (!st.isOk() || out.messages.size() != 1) {
            ledger.wrongStatus(who + " client streaming", st + " with " + out.messages.size() + " responses");
            return;
        }
        ledger.messages(sizes.size() + 1);
        ledger.received(who + " client streaming", sent, out.messages.get(0).getAggregatedPayloadSize());
    }

    private void pingPong(TestServiceGrpc.TestServiceStub async, String who, ThreadLocalRandom rnd) throws InterruptedException {
        List<Integer> sizes = OurClientLoad.sizes(rnd, 1 + rnd.nextInt(10), 4 * 1024);
        BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
        CompletableFuture<Status> done = new CompletableFuture<>();
        StreamObserver<Messages.StreamingOutputCallRequest> requests = async.fullDuplexCall(new StreamObserver<>() {
            @Override
            public void onNext(Messages.StreamingOutputCallResponse r) {
                responses.add(r.getPayload().getBody().size());
            }

            @Override
            public void onError(Throwable t) {
                done.complete(Status.fromThrowable(t));
                responses.add(done);
            }

            @Override
            public void onCompleted() {
                done.complete(Status.OK);
                responses.add(done);
            }
        });
        List<Integer> got = new ArrayList<>();
        for (int n : sizes) {
            requests.onNext(ask(List.of(n), rnd.nextInt(1024)));
            Object r = responses.poll(PATIENCE_MS, TimeUnit.MILLISECONDS);
            if (!(r instanceof Integer size)) break;
            got.add(size);
        }
        requests.onCompleted();
        Status st = awaitStatus(done);
        for (Object r; (r = responses.poll()) != null; ) if (r instanceof Integer size) got.add(size);
        if (!st.isOk()) {
            ledger.wrongStatus(who + " ping-pong", st + " after " + got.size() + " responses");
            return;
        }
        ledger.messages(sizes.size() + got.size());
        ledger.responses(who + " ping-pong", sizes, got, true);
    }

    private void cancelled(TestServiceGrpc.TestServiceStub async, String who, ThreadLocalRandom rnd) throws InterruptedException {
        List<Integer> sizes = OurClientLoad.sizes(rnd, 20, 2048);
        Messages.StreamingOutputCallRequest.Builder req = Messages.StreamingOutputCallRequest.newBuilder();
        for (int n : sizes) req.addResponseParameters(Messages.ResponseParameters.newBuilder().setSize(n).setIntervalUs(5_000));
        int cancelAfter = 1 + rnd.nextInt(3);
        List<Integer> got = new ArrayList<>();
        CompletableFuture<Status> done = new CompletableFuture<>();
        async.streamingOutputCall(req.build(), new ClientResponseObserver<Messages.StreamingOutputCallRequest, Messages.StreamingOutputCallResponse>() {
            private ClientCallStreamObserver<Messages.StreamingOutputCallRequest> call;

            @Override
            public void beforeStart(ClientCallStreamObserver<Messages.StreamingOutputCallRequest> requestStream) {
                call = requestStream;
            }

            @Override
            public void onNext(Messages.StreamingOutputCallResponse r) {
                synchronized (got) {
                    got.add(r.getPayload().getBody().size());
                    if (got.size() == cancelAfter) call.cancel("soak: cancelled after " + got.size() + " responses", null);
                }
            }

            @Override
            public void onError(Throwable t) {
                done.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                done.complete(Status.OK);
            }
        });
        Status st = awaitStatus(done);
        ledger.messages(1 + got.size());
        // The cancel is made while the k-th of 20 responses is delivered, so the call cannot have ended OK.
        if (st.getCode() != Status.Code.CANCELLED) ledger.wrongStatus(who + " cancel", st + " after " + got.size() + " responses");
        synchronized (got) {
            ledger.responses(who + " cancel", sizes, got, false);
        }
    }

    private void deadline(ManagedChannel ch, String who) {
        TestServiceGrpc.TestServiceBlockingStub s = TestServiceGrpc.newBlockingStub(ch).withWaitForReady()
                .withDeadlineAfter(100, TimeUnit.MILLISECONDS);
        try {
            Iterator<Messages.StreamingOutputCallResponse> it = s.streamingOutputCall(Messages.StreamingOutputCallRequest.newBuilder()
                    .addResponseParameters(Messages.ResponseParameters.newBuilder().setSize(1).setIntervalUs(2_000_000)).build());
            while (it.hasNext()) it.next();
            ledger.wrongStatus(who + " deadline", "OK past the deadline");
        } catch (StatusRuntimeException e) {
            ledger.messages(1);
            if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
                ledger.wrongStatus(who + " deadline", e.getStatus() + " instead of DEADLINE_EXCEEDED");
            }
        }
    }

    private static Status awaitStatus(CompletableFuture<Status> done) throws InterruptedException {
        try {
            return done.get(PATIENCE_MS + 5_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return Status.UNKNOWN.withDescription("no status within " + Duration.ofMillis(PATIENCE_MS + 5_000));
        }
    }

    private static Messages.StreamingOutputCallRequest ask(List<Integer> sizes, int payload) {
        Messages.StreamingOutputCallRequest.Builder b = Messages.StreamingOutputCallRequest.newBuilder().setPayload(payload(payload));
        for (int n : sizes) b.addResponseParameters(Messages.ResponseParameters.newBuilder().setSize(n));
        return b.build();
    }

    private static Messages.Payload payload(int size) {
        return Messages.Payload.newBuilder().setBody(ByteString.copyFrom(new byte[size])).build();
    }

    /** Collects a call's responses and its status. */
    private static final class Outcome<T> implements StreamObserver<T> {
        final List<T> messages = new ArrayList<>();
        private final CompletableFuture<Status> status = new CompletableFuture<>();

        @Override
        public synchronized void onNext(T value) {
            messages.add(value);
        }

        @Override
        public void onError(Throwable t) {
            status.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            status.complete(Status.OK);
        }

        Status await() throws InterruptedException {
            return awaitStatus(status);
        }
    }
}
