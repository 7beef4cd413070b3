package io.grpcspec.stress.soak;

import com.google.protobuf.ByteString;
import io.grpcspec.client.CallOptions;
import io.grpcspec.client.CallStream;
import io.grpcspec.client.Channel;
import io.grpcspec.client.DialOptions;
import io.grpcspec.client.Grpc;
import io.grpcspec.client.TestServiceClient;
import io.grpcspec.proto.testing.EchoStatus;
import io.grpcspec.proto.testing.Empty;
import io.grpcspec.proto.testing.Payload;
import io.grpcspec.proto.testing.ResponseParameters;
import io.grpcspec.proto.testing.SimpleRequest;
import io.grpcspec.proto.testing.StreamingInputCallRequest;
import io.grpcspec.proto.testing.StreamingInputCallResponse;
import io.grpcspec.proto.testing.StreamingOutputCallRequest;
import io.grpcspec.proto.testing.StreamingOutputCallResponse;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.spec.keepalive.PingerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Our client under the soak: a few channels (one connection each, keepalive pinging every
 * second), many workers per channel, each making calls of every kind back to back until the
 * soak ends — unary, empty, an error status asked of the server, server streaming, client
 * streaming, ping-pong — and, now and then, a call cancelled after some responses or one whose
 * deadline passes while the server sleeps. Every call waits for the channel to be ready (so a
 * server restart delays calls instead of failing them) and must end with exactly the status
 * it deserves; responses are checked one by one against what was asked.
 */
final class OurClientLoad {
    /** Deadline of every call that is not about deadlines: a hung call ends as a wrong status, not a hung soak. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final List<Channel> channels = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Ledger ledger;

    OurClientLoad(Ledger ledger) {
        this.ledger = ledger;
    }

    void start(int port, int channelCount, int workersPerChannel, WireWatch watch, BooleanSupplier running) throws Exception {
        for (int c = 0; c < channelCount; c++) {
            Channel ch = Grpc.dial("127.0.0.1:" + port, DialOptions.insecure(),
                    DialOptions.withKeepalive(new PingerConfig(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(10), true)),
                    DialOptions.withTrace(watch.sharedTrace("our-client-" + c)));
            channels.add(ch);
            TestServiceClient stub = new TestServiceClient(ch);
            for (int w = 0; w < workersPerChannel; w++) {
                String who = "our client " + c + "." + w;
                workers.add(Thread.ofVirtual().name("soak-ours-" + c + "-" + w).start(() -> {
                    while (running.getAsBoolean()) {
                        try {
                            oneCall(stub, who);
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

    void close() {
        for (Channel ch : channels) ch.close();
    }

    private void oneCall(TestServiceClient stub, String who) throws InterruptedException {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        CallOptions ready = CallOptions.DEFAULT.withWaitForReady(true).withTimeout(PATIENCE);
        TestServiceClient s = stub.withOptions(ready);
        ledger.call();
        int kind = rnd.nextInt(100);
        if (kind < 15) empty(s, who);
        else if (kind < 35) unary(s, who, rnd);
        else if (kind < 40) errorStatus(s, who, rnd);
        else if (kind < 55) serverStreaming(s, who, rnd);
        else if (kind < 70) clientStreaming(s, who, rnd);
        else if (kind < 85) pingPong(s, who, rnd);
        else if (kind < 93) cancelled(s, who, rnd);
        else deadline(stub, who);
    }

    private void empty(TestServiceClient s, String who) throws InterruptedException {
        try {
            s.emptyCall(Empty.getDefaultInstance());
            ledger.messages(2);
        } catch (StatusException e) {
            ledger.wrongStatus(who + " empty", e.status().toString());
        }
    }

    private void unary(TestServiceClient s, String who, ThreadLocalRandom rnd) throws InterruptedException {
        int size = rnd.nextInt(64 * 1024);
        SimpleRequest req = SimpleRequest.newBuilder().setResponseSize(size).setPayload(payload(rnd.nextInt(16 * 1024))).build();
        try {
            int got = s.unaryCall(req).getPayload().getBody().size();
            ledger.messages(2);
            ledger.responses(who + " unary", List.of(size), List.of(got), true);
        } catch (StatusException e) {
            ledger.wrongStatus(who + " unary", e.status().toString());
        }
    }

    /** The server is asked for a status; exactly that status (code and message) must arrive. */
    private void errorStatus(TestServiceClient s, String who, ThreadLocalRandom rnd) throws InterruptedException {
        int code = 2 + rnd.nextInt(14); // UNKNOWN .. DATA_LOSS, never OK
        String message = "soak status " + code;
        SimpleRequest req = SimpleRequest.newBuilder().setResponseStatus(EchoStatus.newBuilder().setCode(code).setMessage(message)).build();
        try {
            s.unaryCall(req);
            ledger.wrongStatus(who + " error status", "OK instead of " + code);
        } catch (StatusException e) {
            ledger.messages(1);
            if (e.code().value() != code || !e.status().message().equals(message)) {
                ledger.wrongStatus(who + " error status", e.status() + " instead of " + code + " \"" + message + "\"");
            }
        }
    }

    private void serverStreaming(TestServiceClient s, String who, ThreadLocalRandom rnd) throws InterruptedException {
        List<Integer> sizes = sizes(rnd, 1 + rnd.nextInt(20), 8 * 1024);
        List<Integer> got = new ArrayList<>();
        try (CallStream<StreamingOutputCallRequest, StreamingOutputCallResponse> call = s.streamingOutputCallStream(ask(sizes, 0))) {
            ledger.messages(1);
            for (StreamingOutputCallResponse r; (r = call.next(PATIENCE)) != null; ) got.add(r.getPayload().getBody().size());
            ledger.messages(got.size());
            ledger.responses(who + " server streaming", sizes, got, true);
        } catch (StatusException e) {
            ledger.wrongStatus(who + " server streaming", e.status() + " after " + got.size() + " responses");
        }
    }

    private void clientStreaming(TestServiceClient s, String who, ThreadLocalRandom rnd) throws InterruptedException {
        List<Integer> sizes = sizes(rnd, 1 + rnd.nextInt(20), 8 * 1024);
        try (CallStream<StreamingInputCallRequest, StreamingInputCallResponse> call = s.streamingInputCall()) {
            long sent = 0;
            for (int n : sizes) {
                call.send(StreamingInputCallRequest.newBuilder().setPayload(payload(n)).build());
                sent += n;
            }
            call.halfClose();
            StreamingInputCallResponse r = call.next(PATIENCE);
            if (r == null) {
                ledger.wrongStatus(who + " client streaming", "OK without a response");
                return;
            }
            ledger.messages(sizes.size() + 1);
            ledger.received(who + " client streaming", sent, r.getAggregatedPayloadSize());
            if (call.next(PATIENCE) != null) ledger.responses(who + " client streaming", List.of(1), List.of(1, 1), true);
        } catch (StatusException e) {
            ledger.wrongStatus(who + " client streaming", e.status().toString());
        }
    }

    private void pingPong(TestServiceClient s, String who, ThreadLocalRandom rnd) throws InterruptedException {
        List<Integer> sizes = sizes(rnd, 1 + rnd.nextInt(10), 4 * 1024);
        List<Integer> got = new ArrayList<>();
        try (CallStream<StreamingOutputCallRequest, StreamingOutputCallResponse> call = s.fullDuplexCall()) {
            for (int n : sizes) {
                call.send(ask(List.of(n), rnd.nextInt(1024)));
                StreamingOutputCallResponse r = call.next(PATIENCE);
                if (r == null) break;
                got.add(r.getPayload().getBody().size());
            }
            call.halfClose();
            StreamingOutputCallResponse extra = call.next(PATIENCE);
            if (extra != null) got.add(extra.getPayload().getBody().size());
            ledger.messages(sizes.size() + got.size());
            ledger.responses(who + " ping-pong", sizes, got, true);
        } catch (StatusException e) {
            ledger.wrongStatus(who + " ping-pong", e.status() + " after " + got.size() + " responses");
        }
    }

    /** Responses come 5 ms apart; after a few of them the client cancels: CANCELLED, and what came is in order. */
    private void cancelled(TestServiceClient s, String who, ThreadLocalRandom rnd) throws InterruptedException {
        List<Integer> sizes = sizes(rnd, 20, 2048);
        StreamingOutputCallRequest.Builder req = StreamingOutputCallRequest.newBuilder();
        for (int n : sizes) req.addResponseParameters(ResponseParameters.newBuilder().setSize(n).setIntervalUs(5_000));
        int readBeforeCancel = rnd.nextInt(4);
        List<Integer> got = new ArrayList<>();
        CallStream<StreamingOutputCallRequest, StreamingOutputCallResponse> call = s.streamingOutputCallStream(req.build());
        try {
            for (int i = 0; i < readBeforeCancel; i++) {
                StreamingOutputCallResponse r = call.next(PATIENCE);
                if (r == null) break;
                got.add(r.getPayload().getBody().size());
            }
            call.cancel("soak: cancelled after " + got.size() + " responses");
            Status st = call.awaitStatus(PATIENCE);
            ledger.messages(1 + got.size());
            // OK is right too when every response and the trailers beat the cancel (a slow, loaded machine).
            if (st == null || (st.code() != StatusCode.CANCELLED && !st.isOk())) ledger.wrongStatus(who + " cancel", st + " instead of CANCELLED");
            ledger.responses(who + " cancel", sizes, got, false);
        } catch (StatusException e) {
            ledger.wrongStatus(who + " cancel", e.status() + " before the cancel");
        }
    }

    /** The server would answer after 2 s; the deadline is 100 ms: DEADLINE_EXCEEDED, nothing else. */
    private void deadline(TestServiceClient stub, String who) throws InterruptedException {
        TestServiceClient s = stub.withOptions(CallOptions.DEFAULT.withWaitForReady(true).withTimeout(Duration.ofMillis(100)));
        StreamingOutputCallRequest req = StreamingOutputCallRequest.newBuilder()
                .addResponseParameters(ResponseParameters.newBuilder().setSize(1).setIntervalUs(2_000_000)).build();
        try {
            List<StreamingOutputCallResponse> got = s.streamingOutputCall(req);
            ledger.wrongStatus(who + " deadline", "OK with " + got.size() + " responses past the deadline");
        } catch (StatusException e) {
            ledger.messages(1);
            if (e.code() != StatusCode.DEADLINE_EXCEEDED) ledger.wrongStatus(who + " deadline", e.status() + " instead of DEADLINE_EXCEEDED");
        }
    }

    static StreamingOutputCallRequest ask(List<Integer> sizes, int payload) {
        StreamingOutputCallRequest.Builder b = StreamingOutputCallRequest.newBuilder().setPayload(payload(payload));
        for (int n : sizes) b.addResponseParameters(ResponseParameters.newBuilder().setSize(n));
        return b.build();
    }

    static Payload payload(int size) {
        return Payload.newBuilder().setBody(ByteString.copyFrom(new byte[size])).build();
    }

    /** {@code n} sizes below {@code max}, each different from the one before (so a doubled or dropped one shows). */
    static List<Integer> sizes(ThreadLocalRandom rnd, int n, int max) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int v;
            do {
                v = rnd.nextInt(max);
            } while (!out.isEmpty() && out.get(out.size() - 1) == v);
            out.add(v);
        }
        return out;
    }
}
