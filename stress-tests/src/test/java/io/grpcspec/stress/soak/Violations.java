package io.grpcspec.stress.soak;

import io.grpcspec.transport.FrameTrace;
import io.grpcspec.wire.Frame;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the connections of one side report as going wrong, through their frame-trace
 * notes: a peer breaking a rule (the machine's {@code PeerViolation}), a frame that did not
 * parse, keepalive declaring a connection dead, and any failure of the machine, the reader, the
 * writer or a listener. Frames themselves are not looked at (the soak is about load, not trace).
 */
final class Violations {
    private static final List<String> BAD = List.of("peer violation", "bad frame", "connection broken",
            "machine failed", "reader failed", "writer failed", "listener failed", "channel task failed");
    private static final int KEPT = 20;

    private final String side;
    private final AtomicLong count = new AtomicLong();
    private final ConcurrentLinkedQueue<String> kept = new ConcurrentLinkedQueue<>();

    Violations(String side) {
        this.side = side;
    }

    /** A trace for one connection, labelled {@code name}. */
    FrameTrace trace(String name) {
        return new FrameTrace() {
            @Override
            public void frame(boolean inbound, Frame frame) {}

            @Override
            public void note(String text) {
                for (String bad : BAD) {
                    if (text.startsWith(bad)) {
                        if (count.incrementAndGet() <= KEPT) kept.add(side + " " + name + ": " + text);
                        return;
                    }
                }
            }
        };
    }

    long count() {
        return count.get();
    }

    List<String> kept() {
        return List.copyOf(kept);
    }
}
