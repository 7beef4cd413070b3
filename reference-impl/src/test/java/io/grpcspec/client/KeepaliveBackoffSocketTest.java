package io.grpcspec.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.server.GreeterService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.spec.keepalive.PingerConfig;
import io.grpcspec.testing.Checks;
import io.grpcspec.transport.FrameTrace;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.PingFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * KA-8 end to end: our client pings our server far more often than the server's enforcement
 * policy allows; the server ends the connection with GOAWAY ENHANCE_YOUR_CALM
 * "too_many_pings", and the channel's next connection pings half as often.
 */
class KeepaliveBackoffSocketTest {

    private static final long TIME = TimeUnit.MILLISECONDS.toNanos(100);

    @Test
    @Checks("KA-8")
    void tooManyPingsDoublesTheKeepaliveTimeOfTheNextConnection() throws Exception {
        // Strict server: pings no more often than hourly, and none while no call is open.
        Server server = ServerBuilder.forPort(0).host("127.0.0.1").addService(GreeterService.definition())
                .keepaliveEnforcementPolicy(Duration.ofHours(1), false).build().start();
        // What each connection is dialled with, in order.
        List<PingerConfig> dialled = new CopyOnWriteArrayList<>();
        TransportFactory recording = (address, authority, options, timeout, scheduler, listener) -> {
            dialled.add(options.keepalive());
            return Http2ClientTransport.FACTORY.connect(address, authority, options, timeout, scheduler, listener);
        };
        AtomicInteger tooManyPings = new AtomicInteger();
        AtomicInteger pingsSent = new AtomicInteger();
        FrameTrace trace = new FrameTrace() {
            @Override
            public void frame(boolean inbound, Frame frame) {
                if (inbound && frame instanceof GoAwayFrame g && PingerConfig.isTooManyPings(g)) tooManyPings.incrementAndGet();
                if (!inbound && frame instanceof PingFrame p && !p.ack()) pingsSent.incrementAndGet();
            }
        };
        // Taken as given (no 10 s floor), so the test runs in a second: ping every 100 ms, idle or not.
        PingerConfig aggressive = new PingerConfig(TIME, TimeUnit.SECONDS.toNanos(5), true);
        try (server;
             Channel ch = Grpc.dial("127.0.0.1:" + server.port(), DialOptions.insecure(), DialOptions.withKeepalive(aggressive),
                     DialOptions.withTransportFactory(recording), DialOptions.withTrace(trace))) {
            GreeterClient greeter = new GreeterClient(ch).withOptions(CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)));
            assertEquals("Hello a", greeter.sayHello("a"));
            assertEquals(aggressive, ch.runtime().keepalive());

            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (tooManyPings.get() == 0 && System.nanoTime() < end) Thread.sleep(20);
            assertEquals(1, tooManyPings.get(), "the server's GOAWAY too_many_pings");
            assertTrue(pingsSent.get() > 2, "the server tolerates two strikes first: " + pingsSent.get());
            // The channel learns of the GOAWAY on its sync context: wait for it rather than race it.
            while (ch.runtime().keepalive().equals(aggressive) && System.nanoTime() < end) Thread.sleep(10);
            assertEquals(2 * TIME, ch.runtime().keepalive().timeNanos());

            // The next call needs a new connection, and that one is dialled with the doubled time.
            assertEquals("Hello b", greeter.sayHello("b"));
            assertTrue(dialled.size() >= 2, "a second connection: " + dialled);
            assertEquals(TIME, dialled.get(0).timeNanos());
            assertEquals(2 * TIME, dialled.get(1).timeNanos());
            // Only the time changes.
            assertEquals(aggressive.timeoutNanos(), dialled.get(1).timeoutNanos());
            assertTrue(dialled.get(1).permitWithoutCalls());
        }
    }
}
