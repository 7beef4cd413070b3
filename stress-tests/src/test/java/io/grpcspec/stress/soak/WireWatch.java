package io.grpcspec.stress.soak;

import io.grpcspec.transport.FrameTrace;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.RstStreamFrame;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches every connection of one side through its frame trace:
 * <ul>
 *   <li>violations: what the connection reports as going wrong in its trace notes — a peer
 *       breaking a rule (the machine's {@code PeerViolation}), a frame that did not parse,
 *       keepalive declaring the connection dead, a failure of the machine, the reader, the
 *       writer, a listener or a channel task;</li>
 *   <li>streams left: from the frames themselves, every stream the connection still had open
 *       (not ended both ways, not reset) when it closed, unless a GOAWAY had said it would
 *       never be processed (above its last-stream-id, retried elsewhere). A call cut off, a
 *       response that never ended, a stream the server forgot: each is one left.</li>
 * </ul>
 */
final class WireWatch {
    private static final List<String> BAD = List.of("peer violation", "bad frame", "connection broken",
            "machine failed", "reader failed", "writer failed", "listener failed", "channel task failed");
    private static final int KEPT = 20;

    private final String side;
    private final AtomicLong violations = new AtomicLong();
    private final AtomicLong streamsLeft = new AtomicLong();
    private final AtomicLong connectionsClosed = new AtomicLong();
    private final ConcurrentLinkedQueue<String> kept = new ConcurrentLinkedQueue<>();

    WireWatch(String side) {
        this.side = side;
    }

    /** A trace for one connection, labelled {@code name}, that also counts the streams it leaves open. */
    FrameTrace trace(String name) {
        return new Connection(name, true);
    }

    /**
     * A trace shared by several connections one after another (a channel's), so stream
     * identifiers repeat: it counts violations only. Streams are counted where each connection
     * has its own trace: on the server, which sees every stream of every client.
     */
    FrameTrace sharedTrace(String name) {
        return new Connection(name, false);
    }

    long violations() {
        return violations.get();
    }

    long streamsLeft() {
        return streamsLeft.get();
    }

    long connectionsClosed() {
        return connectionsClosed.get();
    }

    List<String> kept() {
        return List.copyOf(kept);
    }

    private void keep(String text) {
        if (kept.size() < KEPT) kept.add(side + " " + text);
    }

    /** One connection's streams, from its frames both ways. */
    private final class Connection implements FrameTrace {
        private static final int IN_ENDED = 1, OUT_ENDED = 2;
        private final String name;
        private final boolean countStreams;
        /** The highest stream each side opened: a frame on a lower one not open is a late frame on a closed stream. */
        private int highestOdd, highestEven;
        /** Open streams: which directions have ended. */
        private final Map<Integer, Integer> open = new HashMap<>();
        /** Open streams: their frames so far, for a failure message. */
        private final Map<Integer, StringBuilder> history = new HashMap<>();
        /** The lowest last-stream-id of a GOAWAY either way: streams above it were never processed. */
        private int unprocessedAbove = Integer.MAX_VALUE;

        Connection(String name, boolean countStreams) {
            this.name = name;
            this.countStreams = countStreams;
        }

        @Override
        public synchronized void frame(boolean inbound, Frame frame) {
            if (!countStreams) return;
            if (frame.streamId() != 0 && (open.containsKey(frame.streamId()) || frame instanceof HeadersFrame) && history.size() < 10_000) {
                history.computeIfAbsent(frame.streamId(), k -> new StringBuilder())
                        .append(inbound ? " <" : " >").append(frame.typeName()).append(frame.flags() != 0 ? "/" + frame.flags() : "");
            }
            switch (frame) {
                case HeadersFrame h -> {
                    int id = h.streamId();
                    // A new stream has an identifier above every earlier one of its initiator (RFC 9113 §5.1.1);
                    // HEADERS on a lower one that is not open crossed its stream's end (trailers racing an RST_STREAM).
                    boolean odd = (id & 1) == 1;
                    if (id > (odd ? highestOdd : highestEven)) {
                        if (odd) highestOdd = id;
                        else highestEven = id;
                        open.put(id, 0);
                    }
                    if (h.endStream()) ended(id, inbound);
                }
                case DataFrame d -> {
                    if (d.endStream()) ended(d.streamId(), inbound);
                }
                case RstStreamFrame r -> {
                    open.remove(r.streamId());
                    history.remove(r.streamId());
                }
                case GoAwayFrame g -> unprocessedAbove = Math.min(unprocessedAbove, g.lastStreamId());
                default -> { }
            }
        }

        private void ended(int id, boolean inbound) {
            Integer was = open.get(id);
            if (was == null) return;
            int now = was | (inbound ? IN_ENDED : OUT_ENDED);
            if (now == (IN_ENDED | OUT_ENDED)) {
                open.remove(id);
                history.remove(id);
            }
            else open.put(id, now);
        }

        @Override
        public void note(String text) {
            for (String bad : BAD) {
                if (text.startsWith(bad)) {
                    violations.incrementAndGet();
                    keep(name + ": " + text);
                    return;
                }
            }
            if (text.startsWith("closed: ")) closed(text);
        }

        private synchronized void closed(String text) {
            connectionsClosed.incrementAndGet();
            if (!countStreams) return;
            long left = open.keySet().stream().filter(id -> id <= unprocessedAbove).count();
            if (left > 0) {
                streamsLeft.addAndGet(left);
                StringBuilder b = new StringBuilder();
                open.keySet().stream().filter(id -> id <= unprocessedAbove).limit(3)
                        .forEach(id -> b.append(" stream ").append(id).append(":").append(history.get(id)).append(";"));
                keep(name + ": " + left + " streams open at " + text + ":" + b);
            }
        }
    }
}
