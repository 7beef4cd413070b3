package io.grpcspec.cli;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The training run behind the {@code grpcspec} launcher's start-up cache (JDK 25's AOT cache,
 * {@code -XX:AOTCacheOutput}; see {@code reference-impl/src/main/scripts/aot-cache.sh}): runs
 * {@code grpcspec serve} in this JVM on a free port exactly as the command line does, answers a
 * few SayHello calls on fresh connections, and exits, stopping the server through its shutdown
 * hook. The JVM then stores every class this loaded and linked, and the profiles it gathered, so
 * that a later launch with the same JVM, options and jar starts without loading them again.
 *
 * <p>The client is a few hand-written frames on a plain socket, so the cache holds the server's
 * classes and not a client's. Exits 0 when every call was answered, 1 otherwise (the launcher
 * then runs without the cache).
 */
public final class AotTraining {

    private static final int CONNECTIONS = 3;
    private static final int CALLS_PER_CONNECTION = 3;

    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String p = Integer.toString(port);
        Thread server = new Thread(() -> Main.run("serve", "--port", p, "--grace", "1"), "aot-training-serve");
        server.setDaemon(true);
        server.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int answered = 0;
        IOException last = null;
        while (answered < CONNECTIONS && System.nanoTime() < deadline && server.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                s.setSoTimeout(10_000);
                for (int i = 0; i < CALLS_PER_CONNECTION; i++) sayHello(s, 1 + 2 * i, i == 0);
                answered++;
            } catch (IOException e) {
                last = e;
                Thread.sleep(20);
            }
        }
        if (answered < CONNECTIONS) {
            System.err.println("grpcspec aot training: " + answered + " of " + CONNECTIONS + " connections answered; last error: " + last);
            System.exit(1);
        }
        System.exit(0);
    }

    /** One SayHello{name: "world"} on stream {@code streamId}; returns once its reply and trailers (END_STREAM) arrived. */
    private static void sayHello(Socket s, int streamId, boolean first) throws IOException {
        OutputStream out = s.getOutputStream();
        if (first) {
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            frame(out, 0x4, 0, 0, new byte[0]); // SETTINGS, empty
        }
        // HPACK, no Huffman, no indexing: :method POST, :scheme http (static table), then literals.
        java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
        block.write(0x83);
        block.write(0x86);
        literal(block, 4, "/helloworld.Greeter/SayHello"); // :path
        literal(block, 1, "127.0.0.1"); // :authority
        literal(block, 31, "application/grpc"); // content-type
        literal(block, 0, "te", "trailers");
        frame(out, 0x1, 0x4, streamId, block.toByteArray()); // HEADERS, END_HEADERS
        byte[] message = {0, 0, 0, 0, 7, 0x0a, 5, 'w', 'o', 'r', 'l', 'd'};
        frame(out, 0x0, 0x1, streamId, message); // DATA, END_STREAM
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        boolean reply = false;
        while (true) {
            int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fff_ffff;
            in.readFully(new byte[length]);
            if (type == 0x4 && (flags & 0x1) == 0) frame(out, 0x4, 0x1, 0, new byte[0]); // SETTINGS ACK
            if (type == 0x7) throw new IOException("GOAWAY from the server");
            if (type == 0x3 && stream == streamId) throw new IOException("RST_STREAM on stream " + streamId);
            if (type == 0x0 && stream == streamId && length > 5) reply = true;
            if (type == 0x1 && stream == streamId && (flags & 0x1) != 0) {
                if (!reply) throw new IOException("stream " + streamId + " ended without a reply message");
                return;
            }
        }
    }

    private static void literal(java.io.ByteArrayOutputStream block, int nameIndex, String value) {
        // literal without indexing, indexed name: the index as a 4-bit prefix integer (RFC 7541 §5.1)
        if (nameIndex < 15) {
            block.write(nameIndex);
        } else {
            block.write(15);
            block.write(nameIndex - 15); // every index used here is below 15 + 128
        }
        string(block, value);
    }

    private static void literal(java.io.ByteArrayOutputStream block, int zero, String name, String value) {
        block.write(zero); // literal without indexing, new name
        string(block, name);
        string(block, value);
    }

    private static void string(java.io.ByteArrayOutputStream block, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        block.write(b.length); // every string here is shorter than 127 octets
        block.writeBytes(b);
    }

    private static void frame(OutputStream out, int type, int flags, int streamId, byte[] payload) throws IOException {
        byte[] h = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length, (byte) type, (byte) flags,
                (byte) (streamId >>> 24), (byte) (streamId >>> 16), (byte) (streamId >>> 8), (byte) streamId};
        out.write(h);
        out.write(payload);
    }
}
