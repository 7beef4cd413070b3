package io.grpcspec.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Server;
import io.grpcspec.client.Channel;
import io.grpcspec.client.DialOptions;
import io.grpcspec.client.GreeterClient;
import io.grpcspec.client.Grpc;
import io.grpcspec.transport.FrameTrace;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Our client against grpc-java's Greeter server over loopback. */
class OurClientGreeterTest {

    @Test
    void sayHelloPlaintext() throws Exception {
        Server server = GrpcJavaGreeter.startServer(0);
        FrameTrace.Recorder trace = new FrameTrace.Recorder();
        try (Channel ch = Grpc.dial("localhost:" + server.getPort(), DialOptions.insecure(), DialOptions.withTrace(trace),
                DialOptions.withBlock(Duration.ofSeconds(10)))) {
            assertEquals("Hello world", new GreeterClient(ch).sayHello("world"), () -> trace.toString());
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
