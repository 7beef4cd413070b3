package io.grpcspec.server;

import io.grpcspec.hpack.HpackEncoder;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.FrameWriter;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.SettingsFrame;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One attacker connection: writes whatever frames (or raw bytes) an attack wants, as fast as the
 * socket takes them, while a reader thread (unless the attack never reads) records what the
 * server answers: the GOAWAY, RST_STREAMs, frame counts, the end of the stream. Knows whether the
 * server cut it off and how.
 */
final class AttackConn implements AutoCloseable {
    final Socket socket;
    final HpackEncoder encoder = new HpackEncoder();
    private final OutputStream out;
    private final CountDownLatch ended = new CountDownLatch(1);
    final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    private volatile GoAwayFrame goAway;
    private volatile String end = "open";
    private volatile IOException writeFailure;

    /** Connects; {@code read} starts the reader thread (an attack that never reads passes false). */
    AttackConn(int port, boolean read) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        if (read) {
            FrameReader reader = new FrameReader(new BufferedInputStream(socket.getInputStream()));
            reader.maxFrameSize(16 * 1024 * 1024 - 1);
            Thread.ofVirtual().name("attack-reader").start(() -> readLoop(reader));
        }
    }

    private void readLoop(FrameReader reader) {
        try {
            for (Frame f; (f = reader.readFrame()) != null; ) {
                received.computeIfAbsent(f.typeName(), k -> new AtomicLong()).incrementAndGet();
                if (f instanceof GoAwayFrame g) goAway = g;
            }
            end = "eof";
        } catch (FrameException e) {
            end = "bad frame from the server: " + e.getMessage();
        } catch (IOException e) {
            end = "read: " + e.getMessage();
        } finally {
            ended.countDown();
        }
    }

    /** Preface and SETTINGS with these settings. */
    AttackConn handshake(io.grpcspec.wire.Setting... settings) throws IOException {
        raw(Preface.CLIENT.toByteArray());
        send(new SettingsFrame(false, List.of(settings)));
        flush();
        return this;
    }

    /** Queues a frame; false once the server has shut the socket (the write failed). */
    boolean send(Frame f) {
        try {
            FrameWriter.write(f, out);
            sent.incrementAndGet();
            return true;
        } catch (IOException e) {
            writeFailure = e;
            return false;
        }
    }

    boolean raw(byte[] bytes) {
        try {
            out.write(bytes);
            bytesSent.addAndGet(bytes.length);
            return true;
        } catch (IOException e) {
            writeFailure = e;
            return false;
        }
    }

    boolean flush() {
        try {
            out.flush();
            return true;
        } catch (IOException e) {
            writeFailure = e;
            return false;
        }
    }

    /** A request HEADERS frame on {@code stream} (HPACK-encoded with this connection's encoder). */
    Frame request(int stream, String path, boolean endStream) {
        return new HeadersFrame(stream, encoder.encode(RawH2Client.request(path)), endStream, true);
    }

    Frame headers(int stream, List<HeaderField> fields, boolean endStream) {
        return new HeadersFrame(stream, encoder.encode(fields), endStream, true);
    }

    static Frame cancel(int stream) {
        return new RstStreamFrame(stream, 8);
    }

    /** True once a write failed or the server closed its side. */
    boolean cutOff() {
        return writeFailure != null || ended.getCount() == 0;
    }

    boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    GoAwayFrame goAway() {
        return goAway;
    }

    long count(String type) {
        AtomicLong n = received.get(type);
        return n == null ? 0 : n.get();
    }

    /** How the connection ended, in a few words, for the report. */
    String describe() {
        GoAwayFrame g = goAway;
        if (g != null) {
            String debug = g.debugData().ascii();
            int colon = debug.indexOf(':');
            return "GOAWAY " + g.code() + " " + (colon > 0 ? debug.substring(0, colon) : debug);
        }
        if (ended.getCount() == 0) return "closed (" + end + ")";
        if (writeFailure != null) return "closed (write: " + writeFailure.getMessage() + ")";
        return "open";
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    static Bytes bytes(int n) {
        return Bytes.of(new byte[n]);
    }
}
