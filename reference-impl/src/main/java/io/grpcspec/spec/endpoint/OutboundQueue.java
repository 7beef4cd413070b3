package io.grpcspec.spec.endpoint;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.List;

/**
 * What one stream still has to write, in order: DATA bytes waiting for flow-control credit, a
 * header block (trailers) queued behind them, and a RST_STREAM(NO_ERROR) that must follow the
 * complete response it ends ({@link Reset}). Trailers must not overtake the data before them,
 * nor the reset the response, so once anything waits, what comes after waits too (grpc-go's
 * loopy writer keeps one such item list per stream).
 *
 * @param items      the items, oldest first; never an empty {@link Data} without END_STREAM
 * @param headOffset bytes of the first item already written (only a {@link Data} head is ever cut)
 * @param bytes      DATA bytes still waiting, over all items
 */
public record OutboundQueue(List<Item> items, int headOffset, int bytes) {

    /** One queued write. */
    public sealed interface Item {
        boolean endStream();
    }

    /** Application data; END_STREAM goes on the frame that carries its last byte. */
    public record Data(Bytes data, boolean endStream) implements Item {}

    /**
     * A header list (trailers) to write as a header block once the data before it is out; it is
     * HPACK-encoded only then, so the encoder's order is the wire order.
     */
    public record Headers(List<HeaderField> fields, boolean endStream) implements Item {
        public Headers {
            fields = List.copyOf(fields);
        }
    }

    /**
     * RST_STREAM with {@code code}, written once everything before it is out: a server that
     * answers before the request ended releases the stream only after its complete response
     * (RFC 9113 §8.1, RPC-26). Nothing is queued after it.
     */
    public record Reset(ErrorCode code) implements Item {
        @Override
        public boolean endStream() {
            return true;
        }
    }

    public static final OutboundQueue EMPTY = new OutboundQueue(List.of(), 0, 0);

    public OutboundQueue {
        items = List.copyOf(items);
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** True when an item with END_STREAM is queued: nothing may be added after it. */
    public boolean endQueued() {
        return !items.isEmpty() && items.get(items.size() - 1).endStream();
    }

    /** This queue with {@code item} appended; empty data without END_STREAM changes nothing. */
    public OutboundQueue add(Item item) {
        if (item instanceof Data d && d.data().isEmpty() && !d.endStream()) return this;
        List<Item> next = new ArrayList<>(items);
        next.add(item);
        int more = item instanceof Data d ? d.data().length() : 0;
        return new OutboundQueue(next, headOffset, bytes + more);
    }

    /** The first item, or null. */
    public Item head() {
        return items.isEmpty() ? null : items.get(0);
    }

    /** The queue without its (header block) head. */
    OutboundQueue popHeaders() {
        if (!(head() instanceof Headers)) throw new IllegalStateException("head is not a header block: " + head());
        return new OutboundQueue(items.subList(1, items.size()), 0, bytes);
    }

    /**
     * DATA bytes that may go in one frame: the run of data items from the head up to and
     * including the first with END_STREAM (a header block ends the run too).
     */
    int dataRun() {
        int run = 0;
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Data d)) break;
            run += d.data().length() - (i == 0 ? headOffset : 0);
            if (d.endStream()) break;
        }
        return run;
    }

    /** True when the data run ends with END_STREAM. */
    boolean runEndsStream() {
        for (Item it : items) {
            if (!(it instanceof Data)) return false;
            if (it.endStream()) return true;
        }
        return false;
    }

    /** A frame's worth of data taken from the head. */
    record Taken(Bytes data, boolean endStream, OutboundQueue rest) {}

    /**
     * Takes {@code n} bytes (at most {@link #dataRun()}) from the head. END_STREAM is set when the
     * frame carries the last byte of an item marked so (an empty such item yields an empty frame).
     */
    Taken take(int n) {
        int run = dataRun();
        if (n < 0 || n > run) throw new IllegalArgumentException("take " + n + " of a run of " + run);
        List<Item> rest = new ArrayList<>(items);
        int offset = headOffset;
        Bytes out = Bytes.EMPTY;
        int left = n;
        boolean end = false;
        while (!rest.isEmpty() && rest.get(0) instanceof Data d) {
            int avail = d.data().length() - offset;
            int cut = Math.min(avail, left);
            if (cut > 0) out = out.concat(d.data().slice(offset, offset + cut));
            left -= cut;
            if (cut < avail) {
                offset += cut;
                break;
            }
            rest.remove(0);
            offset = 0;
            if (d.endStream()) {
                end = true;
                break;
            }
            // An empty END_STREAM item right behind rides on this frame instead of its own.
            if (left == 0 && !(!rest.isEmpty() && rest.get(0) instanceof Data next && next.data().isEmpty())) break;
        }
        return new Taken(out, end, new OutboundQueue(rest, offset, bytes - n));
    }
}
