package io.grpcspec.transport;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What an {@link Http2Connection} runs on besides its protocol: the bytes to and from the peer,
 * how to close them, where its reader loop and its writer's runs happen, and the clock its events are stamped
 * with. The socket factories of {@link Http2Connection} build one from a socket (virtual threads,
 * {@link System#nanoTime}); other transports build their own, for instance a harness that runs
 * the loops itself and moves time by hand so that races can be replayed (the jcstress tests).
 *
 * @param in     bytes from the peer, read by the connection's reader loop; null for a transport
 *               that hands over parsed frames instead: then no reader loop runs, and the transport
 *               calls {@link Http2Connection#prefaceReceived}, {@link Http2Connection#frameReceived}
 *               and {@link Http2Connection#peerClosed} itself, one call at a time
 * @param out    bytes to the peer, written only by the connection's writer loop
 * @param closer closes the transport; called once, when the connection ends
 * @param remote the peer's address (for names and logs; may be null)
 * @param loops  starts the reader loop, and a run of the writer each time work arrives for it
 * @param clock  monotonic nanoseconds, read once per event under the connection's lock
 */
public record ConnectionIo(InputStream in, OutputStream out, Closeable closer, SocketAddress remote,
                           Loops loops, LongSupplier clock) {

    public ConnectionIo {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(closer, "closer");
        Objects.requireNonNull(loops, "loops");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts one of the connection's loops: the reader's once (it returns once the connection has
     * ended), the writer's each time something is queued while no writer runs (it returns once
     * the queue is empty, or after the connection's close). Called with the control buffer's
     * lock held: it must start the loop elsewhere, not run it.
     */
    @FunctionalInterface
    public interface Loops {
        void start(String threadName, Runnable loop);
    }

    /** Each loop (each run of the writer) on a new virtual thread of that name (what the socket factories use). */
    public static final Loops VIRTUAL_THREADS = (threadName, loop) -> Thread.ofVirtual().name(threadName).start(loop);

    /** Byte streams of a socket-like transport, run on virtual threads with the system clock. */
    public static ConnectionIo of(InputStream in, OutputStream out, Closeable closer, SocketAddress remote) {
        return new ConnectionIo(in, out, closer, remote, VIRTUAL_THREADS, System::nanoTime);
    }
}
