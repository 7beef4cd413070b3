package io.grpcspec.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * Blocking streams over a connected {@link SocketChannel}, for the unix domain sockets that
 * Java 17 reaches only through channels (their {@code socket()} adaptor is unsupported).
 *
 * <p>Why not {@code Channels.newInputStream/newOutputStream}: on JDK 17 both hold the
 * channel's {@code blockingLock()} for the whole of a read or write of a selectable channel,
 * so a reader thread blocked in {@code read} would keep the writer thread from ever writing
 * (our connection reads and writes on two threads at once). {@code SocketChannel} itself
 * allows one reader and one writer at a time with separate locks, which is all we need.
 */
final class ChannelStreams {

    private ChannelStreams() {}

    static InputStream in(SocketChannel channel) {
        Objects.requireNonNull(channel);
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) return 0;
                int n;
                do {
                    n = channel.read(ByteBuffer.wrap(b, off, len));
                } while (n == 0); // a blocking channel returns 0 only for an empty buffer; loop defensively
                return n;
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    static OutputStream out(SocketChannel channel) {
        Objects.requireNonNull(channel);
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) channel.write(buf);
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
