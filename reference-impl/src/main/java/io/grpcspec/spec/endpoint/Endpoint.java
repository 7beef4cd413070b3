package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Role;
import io.grpcspec.spec.connection.ConnectionState;
import io.grpcspec.spec.connection.GoAwayState;
import io.grpcspec.spec.connection.Phase;
import io.grpcspec.spec.connection.Settings;
import io.grpcspec.spec.keepalive.ConnectionManagerState;
import io.grpcspec.spec.keepalive.EnforcerState;
import io.grpcspec.spec.keepalive.PingerState;
import io.grpcspec.spec.limits.Guard;
import io.grpcspec.spec.stream.HeaderBlockAssembler;
import io.grpcspec.spec.stream.Stream;
import io.grpcspec.spec.stream.StreamState;
import io.grpcspec.spec.stream.StreamTable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state of one composed HTTP/2 endpoint: the component machines' states side by side, plus
 * what only the composition needs (outbound data waiting for credit, application PINGs in
 * flight, the scheduler's position). Immutable; {@link Endpoints#step} returns a new one.
 *
 * @param config           what the endpoint was configured with
 * @param connection       lifecycle, SETTINGS exchange and GOAWAY bookkeeping
 * @param assembler        HEADERS/CONTINUATION joining of received frames
 * @param streams          the stream table with connection and stream flow control
 * @param pinger           keepalive pings (client gRFC A8, server gRFC A9); null before Start
 * @param enforcer         the server's ping policing; null on a client
 * @param manager          the server's idle/age limits; null on a client and before Start
 * @param outbound         per stream, what still waits to be written (never empty entries)
 * @param sendCursor       the stream the DATA scheduler served last (round-robin resumes after it)
 * @param pingsOutstanding payloads of application PINGs (SendPing) not yet acknowledged, oldest first
 * @param activeReported   active streams as last reported to the keepalive machines
 * @param guard            what the resource budgets count (spec/limits.md)
 */
public record Endpoint(EndpointConfig config,
                       ConnectionState connection,
                       HeaderBlockAssembler assembler,
                       StreamTable streams,
                       PingerState pinger,
                       EnforcerState enforcer,
                       ConnectionManagerState manager,
                       Map<Integer, OutboundQueue> outbound,
                       int sendCursor,
                       List<Long> pingsOutstanding,
                       int activeReported,
                       Guard guard) {

    public Endpoint {
        // Usually nothing waits: share the empty map instead of copying into a new tree every step.
        outbound = outbound.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(outbound));
        pingsOutstanding = List.copyOf(pingsOutstanding);
    }

    // ------------------------------------------------------------------ connection

    public Role role() {
        return config.role();
    }

    public Phase phase() {
        return connection.phase();
    }

    /** True once the connection is closed: no further frames go either way. */
    public boolean closed() {
        return connection.phase() == Phase.CLOSED;
    }

    /** The handshake is complete (the peer's SETTINGS arrived) and the connection is not closed. */
    public boolean ready() {
        return connection.phase() == Phase.OPERATIONAL || connection.phase() == Phase.DRAINING;
    }

    /** Whether {@code OpenStream} would start a stream now, and if not, why. */
    public StreamAdmission admission() {
        return StreamAdmission.of(role(), connection, streams);
    }

    /** True when {@code OpenStream} would start a stream now ({@link #admission()} is {@code OPEN}). */
    public boolean canOpenStream() {
        return admission() == StreamAdmission.OPEN;
    }

    /** Our settings in force (acknowledged by the peer): they bind what the peer sends. */
    public Settings localSettings() {
        return connection.settings().local();
    }

    /** The peer's settings: they bind what we send. */
    public Settings remoteSettings() {
        return connection.settings().remote();
    }

    /** The GOAWAY bookkeeping (what we sent, what we received, open streams). */
    public GoAwayState goAway() {
        return connection.goAway();
    }

    /** The highest peer-initiated stream we processed: the last-stream-id our GOAWAY would carry. */
    public int lastPeerStreamId() {
        return connection.goAway().highestPeerStream();
    }

    /** Last-stream-id of the peer's latest GOAWAY, or empty when none arrived. */
    public OptionalInt goAwayReceived() {
        return connection.goAway().received() ? OptionalInt.of(connection.goAway().lastReceived()) : OptionalInt.empty();
    }

    /** How far our own GOAWAY has gone. */
    public GoAwayState.Sent goAwaySent() {
        return connection.goAway().sent();
    }

    /**
     * {@code LimitsRules.LIM_5}: true while more of the peer's calls are in progress than the
     * configured bound; whoever reads from the peer waits until a {@code CallFinished} lifts it.
     */
    public boolean readingPaused() {
        return guard.readingPaused(config.limits());
    }

    /** The peer's streams whose call the application has not reported finished (LIM-5). */
    public int callsInProgress() {
        return guard.calls().size();
    }

    // ------------------------------------------------------------------ streams

    /** The stream's RFC 9113 §5.1 state. */
    public StreamState streamState(int streamId) {
        return streams.stateOf(streamId);
    }

    /** Streams not yet closed (idle-and-reserved excluded), ascending. */
    public SortedSet<Integer> liveStreams() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(streams.streams().keySet()));
    }

    /** Open and half-closed streams of both initiators (RFC 9113 §5.1.2). */
    public int activeStreams() {
        return streams.activeCount(true) + streams.activeCount(false);
    }

    /** The identifier our next stream would get, or empty when they are used up. */
    public OptionalInt nextStreamId() {
        return streams.nextStreamId();
    }

    /** DATA bytes of the stream still waiting for flow-control credit. */
    public int pendingBytes(int streamId) {
        OutboundQueue q = outbound.get(streamId);
        return q == null ? 0 : q.bytes();
    }

    /** True when the stream has anything (data or trailers) still queued. */
    public boolean hasQueued(int streamId) {
        return outbound.containsKey(streamId);
    }

    /** True when an END_STREAM (on data or trailers) is queued or written: we send nothing more on the stream. */
    public boolean localEndQueued(int streamId) {
        OutboundQueue q = outbound.get(streamId);
        if (q != null && q.endQueued()) return true;
        StreamState s = streams.stateOf(streamId);
        return s != StreamState.OPEN && s != StreamState.HALF_CLOSED_REMOTE;
    }

    // ------------------------------------------------------------------ windows

    /** What the peer still lets us send on the connection. */
    public int connectionSendWindow() {
        return streams.flow().send().size();
    }

    /** What we still let the peer send on the connection. */
    public int connectionReceiveWindow() {
        return streams.flow().receive().window().size();
    }

    /** What the peer still lets us send on the stream; empty when it is not live. */
    public OptionalInt streamSendWindow(int streamId) {
        Stream s = streams.streams().get(streamId);
        return s == null ? OptionalInt.empty() : OptionalInt.of(s.flow().send().size());
    }

    /** What we still let the peer send on the stream; empty when it is not live. */
    public OptionalInt streamReceiveWindow(int streamId) {
        Stream s = streams.streams().get(streamId);
        return s == null ? OptionalInt.empty() : OptionalInt.of(s.flow().receive().window().size());
    }

    /** Flow-controlled bytes we may send on the stream now: min(connection, stream), at least 0. */
    public int sendable(int streamId) {
        return streams.sendable(streamId);
    }

    Endpoint with(ConnectionState c) {
        return new Endpoint(config, c, assembler, streams, pinger, enforcer, manager, outbound, sendCursor, pingsOutstanding,
                activeReported, guard);
    }
}
