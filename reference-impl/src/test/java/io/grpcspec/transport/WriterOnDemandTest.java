package io.grpcspec.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.hpack.HpackEncoder;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.spec.grpc.MessageFramer;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.FrameWriter;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.SettingsFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Over a real socket: the server connection's writer runs only while it has something to write.
 * Once a call is answered and nothing more is queued, the connection keeps its reader thread and
 * no writer thread; the next call starts a writer again and is answered on the same connection.
 */
class WriterOnDemandTest {

    private static final byte[] HELLO = {0x0a, 0x05, 'w', 'o', 'r', 'l', 'd'}; // HelloRequest{name: "world"}

    @Test
    void anIdleConnectionHasAReaderAndNoWriterAndItsNextCallStartsOne() throws Exception {
        Server server = ServerBuilder.forPort(0).addService(GreeterService.definition()).build().start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            FrameReader in = new FrameReader(s.getInputStream());
            HpackEncoder hpack = new HpackEncoder();
            out.write(Preface.CLIENT.toByteArray());
            out.write(FrameWriter.encode(new SettingsFrame(false, List.of())));
            call(out, in, hpack, 1);
            String tag = ":" + s.getLocalPort() + "#"; // the server names the connection after the peer's address
            assertEquals(List.of("reader"), awaitThreads(tag, List.of("reader")),
                    "after the answer: the reader waits for input, no writer waits for work");
            call(out, in, hpack, 3);
            assertEquals(List.of("reader"), awaitThreads(tag, List.of("reader")), "the second answer's writer ended too");
        } finally {
            server.shutdown(2, TimeUnit.SECONDS);
        }
    }

    /** SayHello on {@code stream}; reads (acknowledging SETTINGS and PINGs) until its trailers. */
    private static void call(OutputStream out, FrameReader in, HpackEncoder hpack, int stream) throws Exception {
        List<HeaderField> request = List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
                new HeaderField(":path", "/helloworld.Greeter/SayHello"), new HeaderField(":authority", "localhost"),
                new HeaderField("te", "trailers"), new HeaderField("content-type", "application/grpc"));
        out.write(FrameWriter.encode(new HeadersFrame(stream, hpack.encode(request), false, true)));
        out.write(FrameWriter.encode(new DataFrame(stream, MessageFramer.frame(Bytes.of(HELLO)), true, Frame.NO_PADDING)));
        out.flush();
        boolean data = false;
        while (true) {
            Frame f = in.readFrame();
            if (f == null) throw new IOException("the server closed the connection");
            if (f instanceof SettingsFrame sf && !sf.ack()) out.write(FrameWriter.encode(SettingsFrame.ACK_FRAME));
            if (f instanceof PingFrame p && !p.ack()) out.write(FrameWriter.encode(new PingFrame(true, p.opaqueData())));
            if (f instanceof DataFrame d && d.streamId() == stream) data = true;
            if (f instanceof HeadersFrame h && h.streamId() == stream && h.endStream()) break;
        }
        out.flush();
        assertTrue(data, "the reply's message came before the trailers on stream " + stream);
    }

    /** The kinds (reader, writer) of the connection's threads once they are {@code expected}, or after 10 s. */
    private static List<String> awaitThreads(String tag, List<String> expected) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> kinds;
        do {
            kinds = Http2Connection.liveThreadNames().stream().filter(n -> n.contains(tag))
                    .map(n -> n.startsWith("grpcspec-reader-") ? "reader" : n.startsWith("grpcspec-writer-") ? "writer" : n)
                    .sorted().toList();
            if (kinds.equals(expected)) return kinds;
            Thread.sleep(20);
        } while (System.nanoTime() < end);
        return kinds;
    }
}
