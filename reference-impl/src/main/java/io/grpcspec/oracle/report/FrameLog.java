package io.grpcspec.oracle.report;

import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameFormat;
import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.List;

/**
 * The frame trace of one conversation with a peer, as a report shows it: {@code >>} for a frame
 * we sent, {@code <<} for one we received ({@link FrameFormat#describe}), the decoded header list
 * of a header block indented under it, and {@code --} notes (the preface, a close, a verdict of
 * our own machine). Bounded: beyond {@link #MAX_LINES} lines only a count is kept, so a peer that
 * floods cannot grow a report without end. Thread-safe: a watchdog may note a timeout while the
 * conversation's thread is still writing.
 */
public final class FrameLog {
    /** Lines kept per conversation. */
    public static final int MAX_LINES = 400;
    /** Characters of a header value kept in a line. */
    static final int MAX_VALUE = 100;

    private final List<String> lines = new ArrayList<>();
    private int dropped;

    /** A frame we sent. */
    public void sent(Frame f) {
        add(">> " + FrameFormat.describe(f));
    }

    /** A frame we received. */
    public void received(Frame f) {
        add("<< " + FrameFormat.describe(f));
    }

    /** The decoded header list of the block just logged. */
    public void fields(List<HeaderField> fields) {
        for (HeaderField f : fields) add("     " + f.name() + ": " + shown(f.value()));
    }

    /** Something that is not a frame. */
    public void note(String text) {
        add("-- " + text);
    }

    /** The trace so far (with a last line counting what was dropped, if anything). */
    public synchronized List<String> lines() {
        List<String> out = new ArrayList<>(lines);
        if (dropped > 0) out.add("-- " + dropped + " more lines not kept");
        return out;
    }

    private synchronized void add(String line) {
        if (lines.size() < MAX_LINES) lines.add(line);
        else dropped++;
    }

    /** A value as a report line shows it: printable ASCII, the rest escaped, long values cut. */
    static String shown(String value) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length() && b.length() < MAX_VALUE; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f) b.append(c);
            else b.append(String.format("\\x%02x", (int) c & 0xff));
        }
        if (b.length() >= MAX_VALUE && value.length() > MAX_VALUE) b.append("... (").append(value.length()).append(" chars)");
        return b.toString();
    }
}
