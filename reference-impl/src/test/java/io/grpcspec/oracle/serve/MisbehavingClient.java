package io.grpcspec.oracle.serve;

import io.grpcspec.hpack.HpackEncoder;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.FrameWriter;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.SettingsFrame;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A raw HTTP/2 client for the oracle's tests, correct by default and wrong on request: once the
 * preface is out, a reader thread acknowledges the server's SETTINGS and echoes its PINGs (each
 * can be turned off), and the test writes whatever frames or bytes it wants. Writes from both threads are serialised, so one
 * frame never cuts into another.
 */
final class MisbehavingClient implements AutoCloseable {

    /** The request headers a well-behaved client sends for {@code path}. */
    static List<HeaderField> request(String path) {
        return List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"), new HeaderField(":path", path),
                new HeaderField(":authority", "localhost"), new HeaderField("content-type", "application/grpc"),
                new HeaderField("te", "trailers"), new HeaderField("user-agent", "grpcspec-misbehaving-client/1.0"));
    }

    /** {@code fields} with {@code name} removed. */
    static List<HeaderField> without(List<HeaderField> fields, String name) {
        return fields.stream().filter(f -> !f.name().equals(name)).toList();
    }

    /** {@code fields} with {@code name} set to {@code value} (replaced where it is, or added at the end). */
    static List<HeaderField> with(List<HeaderField> fields, String name, String value) {
        List<HeaderField> out = new ArrayList<>();
        boolean replaced = false;
        for (HeaderField f : fields) {
            if (f.name().equals(name)) {
                out.add(new HeaderField(name, value));
                replaced = true;
            } else {
                out.add(f);
            }
        }
        if (!replaced) out.add(new HeaderField(name, value));
        return out;
    }

    /** A length-prefixed HelloRequest{name: "x"}. */
    static final Bytes HELLO = Bytes.of((byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 3, (byte) 0x0a, (byte) 0x01, (byte) 'x');

    private final Socket socket;
    private final OutputStream out;
    private final FrameReader reader;
    private final HpackEncoder encoder = new HpackEncoder();
    private final List<Frame> received = new ArrayList<>();
    private final CountDownLatch settingsAnswered = new CountDownLatch(1);
    private final CountDownLatch pingAnswered = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread readerThread;
    private volatile boolean answerSettings = true;
    private volatile boolean answerPings = true;

    MisbehavingClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        reader = new FrameReader(new BufferedInputStream(socket.getInputStream()), FrameReader.MAX_MAX_FRAME_SIZE);
        readerThread = new Thread(this::readLoop, "misbehaving-client-reader");
        readerThread.setDaemon(true);
    }

    MisbehavingClient withoutSettingsAcks() {
        answerSettings = false;
        return this;
    }

    /**
     * Preface and an empty SETTINGS; returns once the server's SETTINGS was acknowledged and the
     * server's first PING echoed (as far as this client answers them), so later frames of the
     * test cannot cross those answers.
     */
    MisbehavingClient handshake() throws IOException, InterruptedException {
        writeRaw(Preface.CLIENT.toByteArray());
        send(new SettingsFrame(false, List.of()));
        // Only now: the reader answers the server's SETTINGS at once, and nothing may precede the preface.
        readerThread.start();
        if (answerSettings && !settingsAnswered.await(5, TimeUnit.SECONDS)) throw new IOException("no server SETTINGS");
        if (answerPings) pingAnswered.await(2, TimeUnit.SECONDS);
        return this;
    }

    void send(Frame f) throws IOException {
        synchronized (out) {
            try {
                FrameWriter.write(f, out);
                out.flush();
            } catch (IOException e) {
                throw new IOException(e.getMessage() + " sending " + f + "; received so far: " + received(), e);
            }
        }
    }

    void writeRaw(byte[] bytes) throws IOException {
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    /** Sends, ignoring a connection the server has already closed. */
    void sendQuietly(Frame f) {
        try {
            send(f);
        } catch (IOException ignored) {
            // the server ended the connection: what it sent is what the test looks at
        }
    }

    void headers(int stream, List<HeaderField> fields, boolean endStream) throws IOException {
        send(new HeadersFrame(stream, encoder.encode(fields), endStream, true));
    }

    void data(int stream, Bytes data, boolean endStream) throws IOException {
        send(new DataFrame(stream, data, endStream));
    }

    /** A unary SayHello with its message and END_STREAM, with these headers. */
    void sayHello(int stream, List<HeaderField> fields) throws IOException {
        headers(stream, fields, false);
        data(stream, HELLO, true);
    }

    /** True when the server closed the connection within {@code wait}. */
    boolean awaitClosed(Duration wait) throws InterruptedException {
        return closed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The GOAWAY the server sent, or null. */
    synchronized GoAwayFrame goAway() {
        for (Frame f : received) if (f instanceof GoAwayFrame g) return g;
        return null;
    }

    synchronized List<Frame> received() {
        return List.copyOf(received);
    }

    private void readLoop() {
        try {
            for (Frame f; (f = reader.readFrame()) != null; ) {
                synchronized (this) {
                    received.add(f);
                }
                if (f instanceof SettingsFrame s && !s.ack() && answerSettings) {
                    send(SettingsFrame.ACK_FRAME);
                    settingsAnswered.countDown();
                }
                if (f instanceof PingFrame p && !p.ack() && answerPings) {
                    send(new PingFrame(true, p.opaqueData()));
                    pingAnswered.countDown();
                }
            }
        } catch (IOException | FrameException e) {
            // the connection ended
        } finally {
            closed.countDown();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
