package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.MethodType;
import io.grpcspec.rpc.ServerMethods;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.RstStreamFrame;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The limits that pause, deadline or shed rather than end a connection, over real sockets: LIM-5
 * (reading pauses while too many calls are in progress, and resumes when one finishes), LIM-4
 * (the preface deadline, apart from the handshake deadline) and LIM-6 (the oldest connection in
 * handshake is closed to admit a newcomer).
 */
class LimitsSocketTest {

    static final MethodDescriptor<HelloRequest, HelloReply> HOLD =
            MethodDescriptor.of("test.Hold", "Hold", MethodType.UNARY, CallSemanticsSocketTest.REQ, CallSemanticsSocketTest.RESP);

    @Test
    @Checks("LIM-5")
    void readingPausesWhileTooManyCallsAreInProgressEvenPastTheirReset() throws Exception {
        Semaphore release = new Semaphore(0);
        CountDownLatch running = new CountDownLatch(3);
        ServiceDefinition hold = ServiceDefinition.builder("test.Hold")
                .method(HOLD, (ServerMethods.Unary<HelloRequest, HelloReply>) (req, ctx) -> {
                    running.countDown();
                    // ignores cancellation on purpose: the work a reset cannot stop
                    release.acquireUninterruptibly();
                    return HelloReply.newBuilder().setMessage("done").build();
                }).build();
        Server server = ServerBuilder.forPort(0).addService(hold).addService(GreeterService.definition())
                .maxConcurrentStreams(2).maxCallsInProgressPerConnection(2).build().start();
        try (RawH2Client c = new RawH2Client(server.port())) {
            c.socket.setSoTimeout(500);
            c.handshake();
            byte[] msg = HelloRequest.newBuilder().setName("x").build().toByteArray();
            for (int id = 1; id <= 3; id += 2) {
                c.sendHeaders(id, RawH2Client.request("/test.Hold/Hold"), false);
                c.sendMessage(id, msg, true);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (running.getCount() > 1 && System.nanoTime() < deadline) Thread.sleep(5);
            assertEquals(1, running.getCount(), "two handlers run");
            // Rapid-reset style: the streams go, the handlers (which ignore cancellation) stay.
            for (int id = 1; id <= 3; id += 2) c.send(new RstStreamFrame(id, 8));
            c.sendHeaders(5, RawH2Client.request("/test.Hold/Hold"), false); // the third call: past the bound of 2
            c.sendMessage(5, msg, true);
            c.send(new PingFrame(false, 42));
            assertNull(pingAck(c, 42), "while three calls are in progress (bound 2) nothing more is read");
            assertEquals(3, server.callsInProgress());
            assertEquals(1, running.getCount(), "the third call's message was not read either");
            release.release(); // one handler returns: two calls left, within the bound
            Frame ack = pingAck(c, 42);
            assertNotNull(ack, "reading resumed once a call finished:\n" + c.trace);
            assertTrue(running.await(5, TimeUnit.SECONDS), "the third call got its message and runs");
            release.release(2);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.callsInProgress() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(0, server.callsInProgress(), "every finished call was told to the connection");
            c.send(new PingFrame(false, 43));
            assertNotNull(pingAck(c, 43), "the connection serves on");
        } finally {
            release.release(10);
            server.shutdownNow();
        }
    }

    private static Frame pingAck(RawH2Client c, long payload) throws Exception {
        try {
            return c.readUntil(f -> f instanceof PingFrame p && p.ack() && p.opaqueData() == payload);
        } catch (SocketTimeoutException quiet) {
            return null;
        }
    }

    @Test
    @Checks({"LIM-4", "CONN-5"})
    void thePrefaceDeadlineIsSeparateFromTheHandshakeDeadline() throws Exception {
        Server server = ServerBuilder.forPort(0).addService(GreeterService.definition())
                .prefaceTimeout(Duration.ofMillis(300)).handshakeTimeout(Duration.ofSeconds(60)).build().start();
        try (Socket silent = new Socket("127.0.0.1", server.port()); Socket late = new Socket("127.0.0.1", server.port());
             RawH2Client prompt = new RawH2Client(server.port())) {
            long t0 = System.nanoTime();
            prompt.handshake();
            late.getOutputStream().write(Preface.CLIENT.toByteArray()); // the preface, but never its SETTINGS
            assertTrue(endsWithin(silent, 5000), "a silent peer is closed at the preface deadline");
            assertTrue(endsWithin(late, 5000), "so is one that sent the preface but no SETTINGS");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 5000, "closed after " + ms + " ms, long before the 60 s handshake deadline");
            Thread.sleep(400);
            BadInputSocketTest.assertGreeterWorks(prompt, 1); // a client that finished in time is never cut
        } finally {
            server.shutdownNow();
        }
    }

    /** True when the server closes the socket (after its SETTINGS) within {@code millis}. */
    private static boolean endsWithin(Socket s, int millis) throws Exception {
        s.setSoTimeout(millis);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[256];
        try {
            while (true) {
                if (in.read(buf) < 0) return true;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException reset) {
            return true;
        }
    }

    @Test
    @Checks("LIM-6")
    void theOldestConnectionInHandshakeMakesRoomForANewcomer() throws Exception {
        Server server = ServerBuilder.forPort(0).addService(GreeterService.definition()).maxConnectionsInHandshake(3).build().start();
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                silent.add(new Socket("127.0.0.1", server.port()));
                awaitHandshaking(server, i + 1);
            }
            assertEquals(3, server.connectionsInHandshake());
            try (RawH2Client newcomer = new RawH2Client(server.port())) {
                assertTrue(endsWithin(silent.get(0), 5000), "the oldest silent connection is closed to admit the newcomer");
                newcomer.handshake();
                BadInputSocketTest.assertGreeterWorks(newcomer, 1);
                // the newcomer finished its handshake: its slot is free again, the others still wait
                assertEquals(2, server.connectionsInHandshake());
                for (int i = 1; i < 3; i++) {
                    silent.get(i).setSoTimeout(200);
                    assertTrue(!endsWithin(silent.get(i), 200), "younger connections keep their slot");
                }
            }
        } finally {
            for (Socket s : silent) s.close();
            server.shutdownNow();
        }
    }

    private static void awaitHandshaking(Server server, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.connectionsInHandshake() < n && System.nanoTime() < deadline) Thread.sleep(5);
    }
}
