package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpcspec.testing.Checks;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** grpc-java's health stub ({@code io.grpc.health.v1}, from grpc-services) against our server. */
class HealthSocketTest {
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        server = ServerBuilder.forPort(0).addService(GreeterService.definition()).addService(InteropTestService.definition())
                .addHealthService().build().start();
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), InsecureChannelCredentials.create()).build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow();
    }

    private HealthGrpc.HealthBlockingStub health() {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static HealthCheckRequest req(String service) {
        return HealthCheckRequest.newBuilder().setService(service).build();
    }

    /** A Watch call whose messages land in a queue, cancellable from the test. */
    private static final class Watch implements ClientResponseObserver<HealthCheckRequest, HealthCheckResponse> {
        final BlockingQueue<Object> got = new LinkedBlockingQueue<>();
        volatile ClientCallStreamObserver<HealthCheckRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<HealthCheckRequest> requestStream) {
            call = requestStream;
        }

        @Override
        public void onNext(HealthCheckResponse value) {
            got.add(value.getStatus());
        }

        @Override
        public void onError(Throwable t) {
            got.add(Status.fromThrowable(t).getCode());
        }

        @Override
        public void onCompleted() {
            got.add("completed");
        }

        Object next() throws InterruptedException {
            Object o = got.poll(10, TimeUnit.SECONDS);
            assertNotNull(o, "no Watch message within 10 s");
            return o;
        }
    }

    private Watch watch(String service) {
        Watch w = new Watch();
        HealthGrpc.newStub(channel).watch(req(service), w);
        return w;
    }

    @Test
    @Checks({"HL-1", "HL-2"})
    void checkTellsTheServerAndEachRegisteredServiceServingAndUnknownNamesNotFound() {
        assertEquals(ServingStatus.SERVING, health().check(req("")).getStatus());
        assertEquals(ServingStatus.SERVING, health().check(req("helloworld.Greeter")).getStatus());
        assertEquals(ServingStatus.SERVING, health().check(req("grpc.testing.TestService")).getStatus());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> health().check(req("no.Such")));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());

        server.health().setStatus("helloworld.Greeter", io.grpcspec.spec.health.ServingStatus.NOT_SERVING);
        assertEquals(ServingStatus.NOT_SERVING, health().check(req("helloworld.Greeter")).getStatus());
    }

    @Test
    @Checks({"HL-3", "HL-4", "HL-6"})
    void watchAnswersAtOnceThenOnlyOnChangeAndStaysOpenForAnUnknownService() throws Exception {
        Watch later = watch("later.Service");
        assertEquals(ServingStatus.SERVICE_UNKNOWN, later.next());
        Watch greeter = watch("helloworld.Greeter");
        assertEquals(ServingStatus.SERVING, greeter.next());

        server.health().setStatus("later.Service", io.grpcspec.spec.health.ServingStatus.SERVING);
        assertEquals(ServingStatus.SERVING, later.next());
        server.health().setStatus("helloworld.Greeter", io.grpcspec.spec.health.ServingStatus.SERVING); // no change
        server.health().setStatus("helloworld.Greeter", io.grpcspec.spec.health.ServingStatus.NOT_SERVING);
        assertEquals(ServingStatus.NOT_SERVING, greeter.next());
        server.health().clearStatus("later.Service");
        assertEquals(ServingStatus.SERVICE_UNKNOWN, later.next());

        // Nothing else arrived: the unchanged SERVING was not sent again, and both calls are still open.
        assertEquals(null, greeter.got.poll(200, TimeUnit.MILLISECONDS));
        later.call.cancel("done", null);
        greeter.call.cancel("done", null);
        assertEquals(Status.Code.CANCELLED, later.next());
        assertEquals(Status.Code.CANCELLED, greeter.next());
    }

    @Test
    @Checks({"HL-5"})
    void aGracefulStopTurnsEverythingNotServingWhileTheConnectionsDrain() throws Exception {
        Watch all = watch("");
        assertEquals(ServingStatus.SERVING, all.next());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> stopped = pool.submit(() -> server.shutdown(20, TimeUnit.SECONDS));
            // The open Watch call keeps the server draining; it hears NOT_SERVING meanwhile.
            assertEquals(ServingStatus.NOT_SERVING, all.next());
            assertEquals(io.grpcspec.spec.health.ServingStatus.NOT_SERVING, server.health().status("helloworld.Greeter"));
            server.health().setStatus("", io.grpcspec.spec.health.ServingStatus.SERVING); // ignored while stopping
            assertEquals(io.grpcspec.spec.health.ServingStatus.NOT_SERVING, server.health().status(""));
            assertEquals(null, all.got.poll(200, TimeUnit.MILLISECONDS));
            all.call.cancel("seen it", null);
            assertTrue(stopped.get(20, TimeUnit.SECONDS), "the drain did not finish once the watcher left");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aServerWithoutHealthAnswersUnimplemented() throws Exception {
        Server bare = ServerBuilder.forPort(0).addService(GreeterService.definition()).build().start();
        ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", bare.port(), InsecureChannelCredentials.create()).build();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> HealthGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS).check(req("")));
            assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
            assertThrows(IllegalStateException.class, bare::health);
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            bare.shutdownNow();
        }
    }
}
