package io.grpcspec.transport;

import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A hook seeing every frame in both directions, for {@code --trace} and for test failure
 * messages. Lines read like {@code nghttp -v}: {@code <<} for a frame received, {@code >>} for a
 * frame sent, then {@link FrameFormat#describe}. Called from the reader and writer threads; an
 * implementation must be thread-safe and quick.
 */
public interface FrameTrace {

    /** {@code inbound}: the frame came from the peer. */
    void frame(boolean inbound, Frame frame);

    /** Something that is not a frame (the preface, a violation, the close). */
    default void note(String text) {}

    FrameTrace NONE = (inbound, frame) -> {};

    /** One line per frame (and note) to {@code sink}, each prefixed with {@code label}. */
    static FrameTrace lines(String label, Consumer<String> sink) {
        String prefix = label == null || label.isEmpty() ? "" : "[" + label + "] ";
        return new FrameTrace() {
            @Override
            public void frame(boolean inbound, Frame frame) {
                sink.accept(prefix + (inbound ? "<< " : ">> ") + FrameFormat.describe(frame));
            }

            @Override
            public void note(String text) {
                sink.accept(prefix + "-- " + text);
            }
        };
    }

    /** Keeps every line in memory (tests print it when they fail). */
    final class Recorder implements FrameTrace {
        private final List<String> lines = new ArrayList<>();
        private final FrameTrace format = FrameTrace.lines("", this::add);

        private synchronized void add(String line) {
            lines.add(line);
        }

        @Override
        public void frame(boolean inbound, Frame frame) {
            format.frame(inbound, frame);
        }

        @Override
        public void note(String text) {
            format.note(text);
        }

        public synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public synchronized String toString() {
            return String.join("\n", lines);
        }
    }
}
