package io.grpcspec.bench.load;

import io.grpcspec.hpack.DecodeResult;
import io.grpcspec.hpack.HpackDecoder;
import io.grpcspec.hpack.HpackEncoder;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.FrameWriter;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.PushPromiseFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.UnknownFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * A minimal h2c gRPC client on one socket, for the measurements where a full client's own cost
 * would hide the server's: connect → first call, process start → first call, and thousands of
 * idle connections. It is synchronous and has no threads: {@link #unary} writes one request and
 * reads until that call's trailers, answering SETTINGS and PING on the way, so an idle connection
 * costs the client one socket and two small buffers. Built on our own frame codec and HPACK
 * (the same for every server measured).
 */
public final class RawConnection implements Closeable {

    private static final int BUFFER = 2048;
    /** Connection receive credit handed back once this much DATA arrived. */
    private static final int WINDOW_REFILL = 16_384;

    private final Socket socket;
    private final String authority;
    private final FrameReader reader;
    private final OutputStream out;
    private final HpackEncoder encoder = new HpackEncoder();
    private final HpackDecoder decoder = new HpackDecoder();
    private int nextStreamId = 1;
    private int unreturned;

    private RawConnection(Socket socket, String authority) throws IOException {
        this.socket = socket;
        this.authority = authority;
        this.reader = new FrameReader(new BufferedInputStream(socket.getInputStream(), BUFFER));
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
    }

    /** Connects and sends the client preface and SETTINGS (push disabled, as gRPC clients do); the server's SETTINGS are read with the first call. */
    public static RawConnection open(String host, int port, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            RawConnection c = new RawConnection(s, host + ":" + port);
            ByteArrayOutputStream b = new ByteArrayOutputStream(64);
            Preface.CLIENT.writeTo(b);
            FrameWriter.write(SettingsFrame.of(new Setting(SettingId.ENABLE_PUSH, 0)), b);
            c.out.write(b.toByteArray());
            c.out.flush();
            return c;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The request headers of a unary call to {@code path}. */
    List<HeaderField> requestHeaders(String path) {
        return List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
                new HeaderField(":path", path), new HeaderField(":authority", authority),
                new HeaderField("content-type", "application/grpc"), new HeaderField("te", "trailers"));
    }

    /**
     * One unary call: {@code message} (serialised, without the 5-byte prefix) to {@code path}.
     * Returns the response message; fails unless the trailers say grpc-status 0.
     */
    public byte[] unary(String path, byte[] message) throws IOException {
        int id = nextStreamId;
        nextStreamId += 2;
        out.write(request(encoder, id, requestHeaders(path), message));
        out.flush();
        return readResponse(id);
    }

    /** A unary request's HEADERS and DATA frames, as bytes. */
    static byte[] request(HpackEncoder encoder, int id, List<HeaderField> headers, byte[] message) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128 + message.length);
        try {
            FrameWriter.write(new HeadersFrame(id, encoder.encode(headers), false, true), b);
            FrameWriter.write(new DataFrame(id, Bytes.of(prefixed(message)), true), b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return b.toByteArray();
    }

    /**
     * Runs the client's encoding and decoding once without a socket, so that a measurement that
     * starts with a cold JVM does not time this client's class loading.
     */
    static void warmUp() {
        HpackEncoder e = new HpackEncoder();
        byte[] req = request(e, 1, List.of(new HeaderField(":method", "POST"), new HeaderField(":path", "/x")), new byte[3]);
        try {
            new FrameReader(new java.io.ByteArrayInputStream(req)).readFrame();
        } catch (IOException | FrameException impossible) {
            throw new IllegalStateException(impossible);
        }
        new HpackDecoder().decode(new HpackEncoder().encode(List.of(new HeaderField("grpc-status", "0"))));
    }

    private byte[] readResponse(int id) throws IOException {
        Response r = new Response(id);
        while (r.trailers == null) {
            switch (next()) {
                case SettingsFrame s -> {
                    if (s.ack()) break;
                    for (Setting setting : s.settings()) {
                        if (setting.id() == SettingId.HEADER_TABLE_SIZE) encoder.setMaxTableSize(setting.value());
                    }
                    send(SettingsFrame.ACK_FRAME);
                }
                case PingFrame p -> {
                    if (!p.ack()) send(new PingFrame(true, p.opaqueData()));
                }
                case GoAwayFrame g -> throw new IOException("server sent GOAWAY " + g.code() + " " + g.debugData().ascii());
                case RstStreamFrame rst -> {
                    if (rst.streamId() == id) throw new IOException("server reset stream " + id + ": code " + rst.errorCode());
                }
                case HeadersFrame h -> {
                    if (h.streamId() == id) r.headers(h.fragment(), h.endStream(), h.endHeaders());
                }
                case ContinuationFrame c -> {
                    if (c.streamId() == id) r.continuation(c.fragment(), c.endHeaders());
                }
                case DataFrame d -> {
                    if (d.streamId() != id) break;
                    d.data().writeTo(r.data);
                    unreturned += d.flowControlledLength();
                    if (unreturned >= WINDOW_REFILL) {
                        send(new WindowUpdateFrame(0, unreturned));
                        unreturned = 0;
                    }
                    if (d.endStream()) throw new IOException("stream " + id + " ended without trailers");
                }
                // Nothing to do: this client sends one small message per call, and ignores priorities and extensions.
                case WindowUpdateFrame w -> { }
                case PriorityFrame p -> { }
                case PushPromiseFrame p -> throw new IOException("server pushed, though our SETTINGS disabled push");
                case UnknownFrame u -> { }
            }
        }
        String status = value(r.trailers, "grpc-status");
        if (!"0".equals(status)) {
            throw new IOException("call failed: grpc-status " + status + " " + value(r.trailers, "grpc-message"));
        }
        byte[] body = r.data.toByteArray();
        if (body.length < 5) throw new IOException("no response message (" + body.length + " bytes of DATA)");
        byte[] message = new byte[body.length - 5];
        System.arraycopy(body, 5, message, 0, message.length);
        return message;
    }

    /** One call's response as it arrives: its header block in pieces, its DATA, then its trailers. */
    private final class Response {
        final int id;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        Bytes block;
        boolean blockEndsStream;
        List<HeaderField> trailers;

        Response(int id) {
            this.id = id;
        }

        void headers(Bytes fragment, boolean endStream, boolean endHeaders) throws IOException {
            block = fragment;
            blockEndsStream = endStream;
            if (endHeaders) blockDone();
        }

        void continuation(Bytes fragment, boolean endHeaders) throws IOException {
            if (block == null) throw new IOException("CONTINUATION without HEADERS on stream " + id);
            block = block.concat(fragment);
            if (endHeaders) blockDone();
        }

        private void blockDone() throws IOException {
            DecodeResult r = decoder.decode(block);
            block = null;
            if (!(r instanceof DecodeResult.Fields(var fields))) throw new IOException("response headers did not decode: " + r);
            if (blockEndsStream) trailers = fields;
        }
    }

    private Frame next() throws IOException {
        try {
            Frame f = reader.readFrame();
            if (f == null) throw new IOException("server closed the connection");
            return f;
        } catch (FrameException e) {
            throw new IOException("bad frame from the server: " + e.getMessage(), e);
        }
    }

    private void send(Frame f) throws IOException {
        FrameWriter.write(f, out);
        out.flush();
    }

    private static String value(List<HeaderField> fields, String name) {
        for (HeaderField f : fields) if (f.name().equals(name)) return f.value();
        return null;
    }

    static byte[] prefixed(byte[] message) {
        byte[] b = new byte[5 + message.length];
        b[1] = (byte) (message.length >>> 24);
        b[2] = (byte) (message.length >>> 16);
        b[3] = (byte) (message.length >>> 8);
        b[4] = (byte) message.length;
        System.arraycopy(message, 0, b, 5, message.length);
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
