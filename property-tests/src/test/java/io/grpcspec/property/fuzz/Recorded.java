package io.grpcspec.property.fuzz;

import io.grpcspec.client.Channel;
import io.grpcspec.client.DialOptions;
import io.grpcspec.client.Grpc;
import io.grpcspec.client.InteropClient;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.FrameWriter;
import io.grpcspec.wire.Preface;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real conversations to mutate: what our client wrote to our server, recorded by a proxy between
 * them, for a handful of gRPC interop cases (unary, both streaming directions, ping-pong,
 * cancellations, metadata, error statuses, unknown methods). Each is kept as the client's frames
 * after the 24-octet preface, HEADERS with their real HPACK state included. Recorded once per JVM.
 */
final class Recorded {
    private Recorded() {}

    static final List<String> CASES = List.of("empty_unary", "client_streaming", "server_streaming", "ping_pong", "empty_stream",
            "cancel_after_begin", "cancel_after_first_response", "custom_metadata", "status_code_and_message",
            "unimplemented_method", "client_compressed_unary", "server_compressed_streaming");

    private static List<List<Frame>> conversations;

    static synchronized List<List<Frame>> conversations() {
        if (conversations == null) conversations = record();
        return conversations;
    }

    private static List<List<Frame>> record() {
        List<List<Frame>> out = new ArrayList<>();
        Server server = null;
        try {
            server = ServerBuilder.forPort(0).addService(GreeterService.definition())
                    .addService(InteropTestService.definition()).build().start();
            for (String c : CASES) out.add(frames(recordCase(server.port(), c)));
        } catch (Exception e) {
            throw new IllegalStateException("could not record the conversations: " + e, e);
        } finally {
            if (server != null) server.shutdownNow();
        }
        return List.copyOf(out);
    }

    /** The client's bytes of one interop case through a one-connection recording proxy. */
    private static byte[] recordCase(int serverPort, String testCase) throws Exception {
        ByteArrayOutputStream recorded = new ByteArrayOutputStream();
        try (ServerSocket proxy = new ServerSocket(0)) {
            Thread pump = Thread.ofVirtual().start(() -> {
                try (Socket client = proxy.accept(); Socket upstream = new Socket("127.0.0.1", serverPort)) {
                    Thread back = Thread.ofVirtual().start(() -> copy(upstream, client, null));
                    copy(client, upstream, recorded);
                    back.join(5000);
                } catch (IOException | InterruptedException e) {
                    // the recording ends with the connection
                }
            });
            try (Channel ch = Grpc.dial("127.0.0.1:" + proxy.getLocalPort(), DialOptions.insecure(),
                    DialOptions.withBlock(Duration.ofSeconds(10)))) {
                try {
                    new InteropClient(ch, false).run(testCase);
                } catch (RuntimeException failedCase) {
                    // a case failing on our server would be its own test's business; the bytes are what we want
                }
            }
            pump.join(TimeUnit.SECONDS.toMillis(5));
        }
        synchronized (recorded) {
            return recorded.toByteArray();
        }
    }

    private static void copy(Socket from, Socket to, ByteArrayOutputStream record) {
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (record != null) {
                    synchronized (record) {
                        record.write(buf, 0, n);
                    }
                }
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // either side closed
        }
    }

    /** The frames after the client preface. */
    private static List<Frame> frames(byte[] bytes) throws IOException {
        if (bytes.length < Preface.LENGTH || !Arrays.equals(Arrays.copyOf(bytes, Preface.LENGTH), Preface.CLIENT.toByteArray())) {
            throw new IOException("recording does not start with the client preface (" + bytes.length + " bytes)");
        }
        FrameReader r = new FrameReader(new ByteArrayInputStream(bytes, Preface.LENGTH, bytes.length - Preface.LENGTH),
                FrameReader.MAX_MAX_FRAME_SIZE);
        List<Frame> frames = new ArrayList<>();
        try {
            for (Frame f; (f = r.readFrame()) != null; ) frames.add(f);
        } catch (io.grpcspec.wire.FrameException e) {
            throw new IOException("our own client wrote a bad frame: " + e.getMessage());
        }
        return List.copyOf(frames);
    }

    static byte[] encode(List<Frame> frames) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Frame f : frames) b.writeBytes(FrameWriter.encode(f));
        return b.toByteArray();
    }
}
