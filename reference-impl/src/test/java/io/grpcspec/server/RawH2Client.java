package io.grpcspec.server;

import io.grpcspec.hpack.DecodeResult;
import io.grpcspec.hpack.HpackDecoder;
import io.grpcspec.hpack.HpackEncoder;
import io.grpcspec.transport.FrameTrace;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.FrameWriter;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.SettingsFrame;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A deliberately small, hand-rolled HTTP/2 client for tests: it writes exactly the bytes a test
 * asks for and reads frames back, so tests can both speak correctly and misbehave. Everything
 * it sends and receives goes to {@link #trace} (printed when an assertion fails).
 */
final class RawH2Client implements AutoCloseable {
    final Socket socket;
    final FrameReader reader;
    final OutputStream out;
    final HpackEncoder encoder = new HpackEncoder();
    final HpackDecoder decoder = new HpackDecoder();
    final FrameTrace.Recorder trace = new FrameTrace.Recorder();

    RawH2Client(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Over an already connected socket (e.g. TLS). */
    RawH2Client(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        reader = new FrameReader(new BufferedInputStream(socket.getInputStream()));
        out = socket.getOutputStream();
    }

    /** Preface + empty SETTINGS. */
    RawH2Client handshake() throws IOException {
        writeRaw(Preface.CLIENT.toByteArray());
        send(new SettingsFrame(false, List.of()));
        return this;
    }

    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void send(Frame f) throws IOException {
        trace.frame(false, f);
        FrameWriter.write(f, out);
        out.flush();
    }

    void sendHeaders(int stream, List<HeaderField> fields, boolean endStream) throws IOException {
        send(new HeadersFrame(stream, encoder.encode(fields), endStream, true));
    }

    void sendMessage(int stream, byte[] message, boolean endStream) throws IOException {
        byte[] framed = new byte[5 + message.length];
        framed[1] = (byte) (message.length >>> 24);
        framed[2] = (byte) (message.length >>> 16);
        framed[3] = (byte) (message.length >>> 8);
        framed[4] = (byte) message.length;
        System.arraycopy(message, 0, framed, 5, message.length);
        send(new DataFrame(stream, Bytes.of(framed), endStream, Frame.NO_PADDING));
    }

    /** The next frame, or null at EOF / when the socket was reset. */
    Frame read() throws IOException, FrameException {
        try {
            Frame f = reader.readFrame();
            if (f != null) trace.frame(true, f);
            else trace.note("EOF");
            return f;
        } catch (java.net.SocketException e) {
            trace.note("socket: " + e.getMessage());
            return null;
        }
    }

    /** Reads until a frame matches; null when the connection ended first. */
    Frame readUntil(Predicate<Frame> want) throws IOException, FrameException {
        for (Frame f; (f = read()) != null; ) {
            if (want.test(f)) return f;
        }
        return null;
    }

    /** Reads every frame until EOF or a read timeout. */
    List<Frame> readAll() throws IOException, FrameException {
        List<Frame> all = new ArrayList<>();
        try {
            for (Frame f; (f = read()) != null; ) all.add(f);
        } catch (SocketTimeoutException e) {
            trace.note("read timed out");
        }
        return all;
    }

    /** Decodes a complete header block (HEADERS with END_HEADERS, or + CONTINUATIONs). */
    List<HeaderField> decode(Bytes block) {
        DecodeResult r = decoder.decode(block);
        if (r instanceof DecodeResult.Fields f) return f.fields();
        throw new AssertionError("header block did not decode: " + r + "\n" + trace);
    }

    /** Reads a header block for {@code stream} (skipping other frames), following CONTINUATIONs. */
    Block readHeaders(int stream) throws IOException, FrameException {
        Frame f = readUntil(x -> x instanceof HeadersFrame h && h.streamId() == stream);
        if (f == null) return null;
        HeadersFrame h = (HeadersFrame) f;
        Bytes block = h.fragment();
        boolean end = h.endHeaders();
        while (!end) {
            ContinuationFrame c = (ContinuationFrame) read();
            block = block.concat(c.fragment());
            end = c.endHeaders();
        }
        return new Block(decode(block), h.endStream());
    }

    /**
     * Every frame on {@code stream} (header blocks whole: a HEADERS and its CONTINUATIONs count as
     * the HEADERS frame), until END_STREAM from the server, a RST_STREAM on it, a GOAWAY or EOF.
     * Frames of other streams and of the connection are skipped.
     */
    List<Frame> framesOn(int stream) throws IOException, FrameException {
        List<Frame> got = new ArrayList<>();
        for (Frame f; (f = read()) != null; ) {
            if (f instanceof io.grpcspec.wire.GoAwayFrame) {
                got.add(f);
                return got;
            }
            if (f.streamId() != stream || f instanceof ContinuationFrame) continue;
            got.add(f);
            if (f instanceof io.grpcspec.wire.RstStreamFrame) return got;
            if (f instanceof HeadersFrame h) {
                Bytes block = h.fragment();
                for (boolean end = h.endHeaders(); !end; ) {
                    ContinuationFrame c = (ContinuationFrame) read();
                    block = block.concat(c.fragment());
                    end = c.endHeaders();
                }
                blocks.add(decode(block));
                if (h.endStream()) return got;
            }
            if (f instanceof DataFrame d && d.endStream()) return got;
        }
        return got;
    }

    /** The header lists of the blocks {@link #framesOn} read, in order. */
    final List<List<HeaderField>> blocks = new ArrayList<>();

    /** The value of {@code name} in a header list, or null. */
    static String get(List<HeaderField> fields, String name) {
        for (HeaderField f : fields) if (f.name().equals(name)) return f.value();
        return null;
    }

    record Block(List<HeaderField> fields, boolean endStream) {
        String get(String name) {
            for (HeaderField f : fields) if (f.name().equals(name)) return f.value();
            return null;
        }
    }

    static List<HeaderField> request(String path) {
        return List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
                new HeaderField(":path", path), new HeaderField(":authority", "localhost"),
                new HeaderField("te", "trailers"), new HeaderField("content-type", "application/grpc"));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
