package io.grpcspec.stress.harness;

import io.grpcspec.spec.Violation;
import io.grpcspec.spec.stream.Closure;
import io.grpcspec.transport.ConnectionListener;
import io.grpcspec.transport.Http2Connection;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application above a connection, as a list of what it was told, in the order it was told.
 * It also checks the listener contract the connection promises: one call at a time
 * ({@link #overlapped()} is true if two ever ran at once).
 */
public final class Deliveries implements ConnectionListener {
    private final List<String> events = new ArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean overlapped;

    private void add(String event) {
        if (inside.incrementAndGet() != 1) overlapped = true;
        try {
            synchronized (events) {
                events.add(event);
            }
        } finally {
            inside.decrementAndGet();
        }
    }

    public List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public boolean contains(String event) {
        synchronized (events) {
            return events.contains(event);
        }
    }

    /** True when any event starts with {@code prefix}. */
    public boolean any(String prefix) {
        synchronized (events) {
            for (String e : events) if (e.startsWith(prefix)) return true;
            return false;
        }
    }

    public boolean overlapped() {
        return overlapped;
    }

    @Override
    public void onReady(Http2Connection connection) {
        add("ready");
    }

    @Override
    public void onHeaders(Http2Connection connection, int streamId, List<HeaderField> fields, boolean endStream, boolean trailers) {
        add((trailers ? "trailers:" : "headers:") + streamId);
    }

    @Override
    public void onData(Http2Connection connection, int streamId, Bytes data, boolean endStream) {
        add("data:" + streamId + ":" + data.length());
    }

    @Override
    public void onPeerReset(Http2Connection connection, int streamId, long errorCode) {
        add("reset:" + streamId);
    }

    @Override
    public void onStreamClosed(Http2Connection connection, int streamId, Closure how) {
        add("stream-closed:" + streamId);
    }

    @Override
    public void onGoAway(Http2Connection connection, int lastStreamId, long errorCode, Bytes debugData) {
        add("goaway:" + lastStreamId);
    }

    @Override
    public void onStreamsNotProcessed(Http2Connection connection, List<Integer> streamIds) {
        for (int id : streamIds) add("not-processed:" + id);
    }

    @Override
    public void onPeerViolation(Http2Connection connection, Violation violation) {
        add("violation:" + violation.rule().id());
    }

    @Override
    public void onPingAcked(Http2Connection connection, long payload) {
        add("ping-acked:" + payload);
    }

    @Override
    public void onConnectionBroken(Http2Connection connection, String description) {
        add("broken");
    }

    @Override
    public void onClosed(Http2Connection connection, String reason) {
        add("closed");
    }

    /** Every event, for a failure message. */
    @Override
    public String toString() {
        return String.join(" ", new ArrayList<>(events()));
    }
}
