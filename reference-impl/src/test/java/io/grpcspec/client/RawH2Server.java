package io.grpcspec.client;

import io.grpcspec.hpack.DecodeResult;
import io.grpcspec.hpack.HpackDecoder;
import io.grpcspec.hpack.HpackEncoder;
import io.grpcspec.spec.grpc.MessageFramer;
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
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.SettingsFrame;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately small HTTP/2 server for client tests over real sockets: each accepted
 * connection is scripted by the test frame by frame, so it can refuse streams, send GOAWAY or
 * reset at a chosen moment. Everything it sends and receives goes to {@link #trace}.
 */
final class RawH2Server implements AutoCloseable {
    final ServerSocket listener;
    final FrameTrace.Recorder trace = new FrameTrace.Recorder();
    private final List<Conn> accepted = new ArrayList<>();

    RawH2Server() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listener.setSoTimeout(10_000);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /** Accepts a connection: reads the client preface, sends our SETTINGS. */
    Conn accept() throws IOException {
        Socket s = listener.accept();
        s.setSoTimeout(10_000);
        s.setTcpNoDelay(true);
        Conn c = new Conn(s);
        synchronized (accepted) {
            accepted.add(c);
        }
        byte[] preface = c.in.readNBytes(Preface.CLIENT.length());
        if (!Bytes.of(preface).equals(Preface.CLIENT)) throw new IOException("no client preface: " + Bytes.of(preface));
        c.send(new SettingsFrame(false, List.of()));
        return c;
    }

    @Override
    public void close() throws IOException {
        synchronized (accepted) {
            for (Conn c : accepted) c.close();
        }
        listener.close();
    }

    /** A request as the server read it: the stream, the header list, the DATA payload, whether it ended. */
    record Request(int streamId, List<HeaderField> headers, Bytes body, boolean ended) {
        String header(String name) {
            for (HeaderField f : headers) if (f.name().equals(name)) return f.value();
            return null;
        }
    }

    /** One accepted connection. Control frames (SETTINGS, PING) are answered while reading. */
    final class Conn implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final FrameReader reader;
        final OutputStream out;
        final HpackEncoder encoder = new HpackEncoder();
        final HpackDecoder decoder = new HpackDecoder();

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.reader = new FrameReader(in);
            this.out = socket.getOutputStream();
        }

        synchronized void send(Frame f) throws IOException {
            trace.frame(false, f);
            FrameWriter.write(f, out);
            out.flush();
        }

        void sendHeaders(int stream, List<HeaderField> fields, boolean endStream) throws IOException {
            send(new HeadersFrame(stream, encoder.encode(fields), endStream, true));
        }

        /** The next frame that is not SETTINGS or PING (both answered here); null at EOF. */
        Frame read() throws IOException, FrameException {
            while (true) {
                Frame f;
                try {
                    f = reader.readFrame();
                } catch (java.net.SocketException e) {
                    trace.note("socket: " + e.getMessage());
                    return null;
                }
                if (f == null) {
                    trace.note("EOF");
                    return null;
                }
                trace.frame(true, f);
                if (f instanceof SettingsFrame s) {
                    if (!s.ack()) send(new SettingsFrame(true, List.of()));
                    continue;
                }
                if (f instanceof PingFrame p) {
                    if (!p.ack()) send(new PingFrame(true, p.opaqueData()));
                    continue;
                }
                return f;
            }
        }

        /** Reads a request's header block and, when {@code toEnd}, its DATA until END_STREAM. Other frames are skipped. */
        Request readRequest(boolean toEnd) throws IOException, FrameException {
            Frame f;
            do {
                f = read();
                if (f == null) throw new IOException("connection ended before a request\n" + trace);
            } while (!(f instanceof HeadersFrame));
            HeadersFrame h = (HeadersFrame) f;
            Bytes block = h.fragment();
            boolean endHeaders = h.endHeaders();
            while (!endHeaders) {
                ContinuationFrame c = (ContinuationFrame) read();
                block = block.concat(c.fragment());
                endHeaders = c.endHeaders();
            }
            List<HeaderField> fields = ((DecodeResult.Fields) decoder.decode(block)).fields();
            Bytes body = Bytes.EMPTY;
            boolean ended = h.endStream();
            while (toEnd && !ended) {
                Frame next = read();
                if (next == null) break;
                if (next instanceof DataFrame d && d.streamId() == h.streamId()) {
                    body = body.concat(d.data());
                    ended = d.endStream();
                }
            }
            return new Request(h.streamId(), fields, body, ended);
        }

        /** A whole gRPC response: headers, one message, trailers with grpc-status 0. */
        void respond(int stream, Bytes message) throws IOException {
            sendHeaders(stream, List.of(new HeaderField(":status", "200"), new HeaderField("content-type", "application/grpc")), false);
            send(new DataFrame(stream, MessageFramer.frame(message), false, Frame.NO_PADDING));
            sendHeaders(stream, List.of(new HeaderField("grpc-status", "0")), true);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
