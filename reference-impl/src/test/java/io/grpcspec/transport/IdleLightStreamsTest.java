package io.grpcspec.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdleLightStreamsTest {

    /** Input that hands out its octets in the chunks given, saying "nothing ready" at each chunk's start. */
    private static final class Chunked extends InputStream {
        private final List<byte[]> chunks;
        private int chunk;
        private int pos;
        final List<Integer> readSizes = new ArrayList<>();

        Chunked(List<byte[]> chunks) {
            this.chunks = chunks;
        }

        @Override
        public int read() {
            throw new AssertionError("single octets are not read from the socket");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            readSizes.add(len);
            if (chunk == chunks.size()) return -1;
            byte[] c = chunks.get(chunk);
            int n = Math.min(len, c.length - pos);
            System.arraycopy(c, pos, b, off, n);
            pos += n;
            if (pos == c.length) {
                chunk++;
                pos = 0;
            }
            return n;
        }

        @Override
        public int available() {
            return pos == 0 ? 0 : chunks.get(chunk).length - pos; // a new chunk has not "arrived" yet
        }
    }

    /** A socket's output that keeps what is written in {@code sink} and the size of each write in {@code writes}. */
    private static OutputStream socket(ByteArrayOutputStream sink, List<Integer> writes) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                throw new AssertionError("single octets are not written to the socket");
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(len);
                sink.write(b, off, len);
            }
        };
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void waitsInTheSmallBufferAndReadsReadyInputInTheFullOne() throws IOException {
        byte[] a = random(3000, 1);
        byte[] b = random(100, 2);
        Chunked socket = new Chunked(List.of(a, b));
        IdleLightInput in = new IdleLightInput(socket, 1024);
        byte[] got = new byte[9];
        assertEquals(9, in.readNBytes(got, 0, 9));
        assertFalse(in.holdsFullBuffer(), "nothing was ready: the first read waited in the small buffer");
        assertEquals(IdleLightInput.WAIT_BUFFER, socket.readSizes.get(0));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(got);
        byte[] piece = new byte[100]; // frame-sized reads, below the buffer's size
        for (int n; (n = in.read(piece, 0, piece.length)) > 0; ) all.write(piece, 0, n);
        byte[] expected = new byte[a.length + b.length];
        System.arraycopy(a, 0, expected, 0, a.length);
        System.arraycopy(b, 0, expected, a.length, b.length);
        assertArrayEquals(expected, all.toByteArray());
        assertTrue(socket.readSizes.contains(1024), "ready input was read a full buffer at a time: " + socket.readSizes);
        assertFalse(in.holdsFullBuffer(), "the second chunk was waited for in the small buffer, the full one dropped");
        assertEquals(-1, in.read(new byte[10], 0, 10));
    }

    @Test
    void largeReadsBypassAnEmptyBufferAndSingleOctetsWork() throws IOException {
        byte[] data = random(5000, 3);
        IdleLightInput in = new IdleLightInput(new ByteArrayInputStream(data), 1024);
        byte[] big = new byte[2048];
        assertEquals(2048, in.read(big, 0, 2048));
        assertFalse(in.holdsFullBuffer());
        assertEquals(data[2048] & 0xff, in.read());
        assertTrue(in.holdsFullBuffer(), "ready input goes through the full buffer");
        byte[] rest = in.readAllBytes();
        assertEquals(5000 - 2049, rest.length);
        assertEquals(data[4999], rest[rest.length - 1]);
    }

    @Test
    void outputBuffersUntilFlushAndReleasesOnlyWhenEmpty() throws IOException {
        List<Integer> writes = new ArrayList<>();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream socket = socket(sink, writes);
        BufferPool pool = new BufferPool(100, 2);
        IdleLightOutput out = new IdleLightOutput(socket, pool);
        assertFalse(out.holdsBuffer(), "no buffer before the first write");
        out.write(7);
        out.write(new byte[50], 0, 50);
        out.release();
        assertTrue(out.holdsBuffer(), "a buffer holding octets is not dropped");
        assertEquals(List.of(), writes);
        out.write(new byte[60], 0, 60); // does not fit: the 51 buffered leave first
        out.write(new byte[300], 0, 300); // large: straight through after the 60 buffered
        assertEquals(List.of(51, 60, 300), writes);
        out.write(new byte[10], 0, 10);
        out.flush();
        assertEquals(List.of(51, 60, 300, 10), writes);
        assertEquals(421, sink.size());
        out.release();
        assertFalse(out.holdsBuffer(), "flushed and idle: the buffer is given back");
        assertEquals(1, pool.free(), "to the pool");
        out.write(1);
        assertEquals(0, pool.free(), "the next write takes it again");
        out.flush();
        assertEquals(422, sink.size());
        out.write(2);
        out.abandon();
        assertFalse(out.holdsBuffer());
        assertEquals(1, pool.free(), "abandoned with an octet in it: given back all the same");
        assertEquals(422, sink.size(), "and the octet dropped");
    }

    @Test
    void aPoolHandsOutEachFreeArrayOnceAndKeepsAtMostItsSlots() {
        BufferPool pool = new BufferPool(64, 2);
        byte[] a = pool.take();
        byte[] b = pool.take();
        byte[] c = pool.take();
        assertEquals(64, a.length);
        assertTrue(a != b && b != c && a != c, "an empty pool makes new arrays");
        pool.give(a);
        pool.give(b);
        pool.give(c); // no free slot: left to the collector
        assertEquals(2, pool.free());
        byte[] x = pool.take();
        byte[] y = pool.take();
        assertTrue((x == a && y == b) || (x == b && y == a), "the kept arrays come back, each once");
        assertEquals(0, pool.free());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> pool.give(new byte[10]));
    }

    @Test
    void framesEncodedIntoTheBufferAreTheFramesBytesInOrder() throws IOException {
        ByteArrayOutputStream socket = new ByteArrayOutputStream();
        List<Integer> writes = new ArrayList<>();
        OutputStream counting = socket(socket, writes);
        IdleLightOutput out = new IdleLightOutput(counting, new BufferPool(64, 1));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        // small frames that fill the buffer, one that crosses its end, one larger than the buffer
        List<io.grpcspec.wire.Frame> frames = List.of(
                new io.grpcspec.wire.DataFrame(1, io.grpcspec.wire.Bytes.of(random(20, 1)), false),
                new io.grpcspec.wire.PingFrame(false, 7L),
                new io.grpcspec.wire.DataFrame(3, io.grpcspec.wire.Bytes.of(random(30, 2)), true),
                new io.grpcspec.wire.DataFrame(5, io.grpcspec.wire.Bytes.of(random(100, 3)), false),
                new io.grpcspec.wire.DataFrame(7, io.grpcspec.wire.Bytes.of(random(5, 4)), false, 3));
        for (io.grpcspec.wire.Frame f : frames) {
            out.writeFrame(f);
            expected.write(io.grpcspec.wire.FrameWriter.encode(f));
        }
        out.flush();
        assertArrayEquals(expected.toByteArray(), socket.toByteArray());
        // 29 + 17 octets buffered; the 39-octet frame does not fit: they go, it is buffered; the
        // 109-octet frame is larger than the buffer: the 39 go, then it alone; the last (18) is flushed.
        assertEquals(List.of(46, 39, 109, 18), writes);
    }
}
