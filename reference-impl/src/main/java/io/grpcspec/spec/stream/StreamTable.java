package io.grpcspec.spec.stream;

import static io.grpcspec.spec.stream.HeaderBlockRules.HB_5;
import static io.grpcspec.spec.stream.StreamRules.*;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions.PeerTolerated;
import io.grpcspec.spec.IntTreeMap;
import io.grpcspec.spec.Actions.WriteFrame;
import io.grpcspec.spec.Role;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.flow.ConnectionFlow;
import io.grpcspec.spec.flow.FlowControl;
import io.grpcspec.spec.flow.Flows;
import io.grpcspec.spec.flow.StreamFlow;
import io.grpcspec.spec.flow.Window;
import io.grpcspec.spec.stream.StreamActions.DeliverData;
import io.grpcspec.spec.stream.StreamActions.DeliverHeaders;
import io.grpcspec.spec.stream.StreamActions.DeliverPushPromise;
import io.grpcspec.spec.stream.StreamActions.DiscardHeaders;
import io.grpcspec.spec.stream.StreamActions.PeerReset;
import io.grpcspec.spec.stream.StreamActions.StreamClosed;
import io.grpcspec.spec.stream.StreamActions.WriteHeaders;
import io.grpcspec.spec.stream.StreamEvent.*;
import io.grpcspec.spec.stream.Transition.Discard;
import io.grpcspec.spec.stream.Transition.Illegal;
import io.grpcspec.spec.stream.Transition.Legal;
import io.grpcspec.spec.stream.Transition.Tolerated;
import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.PushPromiseFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.UnknownFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * All streams of one connection from one endpoint's view, with their flow control: the machine
 * for RFC 9113 §5.1 (states), §5.1.1 (identifiers), §5.1.2 (concurrency), §6.9 (windows) and
 * §8.1 (trailers). One pure transition, {@link #on(StreamEvent)}.
 *
 * <p>A stream identifier is in exactly one of four places: live in {@code streams}; remembered in
 * {@code closed} with how it closed; idle (above the highest identifier its initiator used); or
 * forgotten (at or below it, not remembered: closed long ago, or skipped and so implicitly closed,
 * §5.1.1). Forgotten streams get minimal processing like streams we reset, except that a HEADERS
 * reusing a peer identifier is refused (STR-10).
 *
 * <p>A frame the RFC lets us answer either way ({@link Transition.Tolerated}, STR-3) is dropped
 * like a late frame, and an {@code Actions.PeerTolerated} reports the fault; the composed
 * endpoint turns it into the strict answer when configured so ({@link StreamConfig#strictAnswers}).
 *
 * <p>Violations: connection scope ends the connection (GOAWAY with the code). Stream scope ends
 * one stream: the driver feeds {@link SendRst} with the violation's code and then the offending
 * event again, which now gets the minimal processing of a frame on a stream we reset — its
 * header block is still HPACK-decoded and its DATA still counted and credited on the connection
 * window. {@link #afterStreamError} does both steps.
 *
 * <p>Frame preconditions (checked by the frame layer before): stream-bound frames carry a
 * stream identifier above 0 (WINDOW_UPDATE may use 0).
 */
public record StreamTable(StreamConfig config, ConnectionFlow flow, Map<Integer, Stream> streams,
                          RecentlyClosed closed, int highestLocalId, int highestPeerId,
                          long localMaxConcurrentStreams, long peerMaxConcurrentStreams) {

    /** Selects the streams that count against MAX_CONCURRENT_STREAMS: the stream map counts them per initiator. */
    private static final Predicate<Stream> ACTIVE = s -> s.state().countsAsActive();

    /**
     * {@code streams} is kept as an {@link IntTreeMap} (a table built from another shares it): a
     * step that changes one stream copies O(log n) nodes, not the table.
     */
    public StreamTable {
        streams = IntTreeMap.of(streams, ACTIVE);
    }

    /** A fresh table; the actions raise the connection receive window when configured above 65535 ({@link io.grpcspec.spec.flow.FlowControlRules#FC_11}). */
    public static Step<StreamTable> start(StreamConfig config) {
        Step<ConnectionFlow> flow = FlowControl.start(config.flow());
        StreamTable t = new StreamTable(config, flow.state(), Map.of(), RecentlyClosed.empty(config.recentlyClosedCapacity()),
                0, 0, config.maxConcurrentStreams(), StreamConfig.UNLIMITED);
        return Step.next(t, flow.actions());
    }

    /** The transition function. */
    public Step<StreamTable> on(StreamEvent event) {
        return switch (event) {
            case FrameReceived(Frame frame) -> frameReceived(frame);
            case HeaderBlockReceived(HeaderBlock block) -> block.pushPromise() ? pushPromiseReceived(block) : headersReceived(block);
            case PeerInitialWindowSize(int size) -> peerInitialWindowSize(size);
            case PeerMaxConcurrentStreams(long max) -> Step.next(withLimits(localMaxConcurrentStreams, max));
            case OpenStream(List<HeaderField> fields, boolean endStream) -> openStream(fields, endStream);
            case SendHeaders(int id, List<HeaderField> fields, boolean endStream) -> sendHeaders(id, fields, endStream);
            case SendData(DataFrame frame) -> sendData(frame);
            case SendRst(int id, ErrorCode code) -> sendRst(id, code);
            case Consumed(int id, int bytes) -> consumed(id, bytes);
            case MessagePending(int id, int size) -> messagePending(id, size);
            case LocalInitialWindowSizeAcked(int size) -> localInitialWindowSizeAcked(size);
            case LocalMaxConcurrentStreams(long max) -> Step.next(withLimits(max, peerMaxConcurrentStreams));
        };
    }

    /**
     * The driver's answer to a stream-scope violation {@code v} caused by {@code event}: reset the
     * stream with the violation's code, then give the event the minimal processing of a frame on
     * a stream we reset. The result's actions start with the RST_STREAM write. Meant for
     * violations by the peer; a stream-scope violation of our own send (STR-8, FC-3, STR-14) means
     * "do not write it", not "reset".
     */
    public Step<StreamTable> afterStreamError(Violation v, StreamEvent event) {
        if (v.scope() != Scope.STREAM) throw new IllegalArgumentException("not a stream error: " + v);
        Step<StreamTable> reset = on(new SendRst(v.streamId(), v.code()));
        if (reset.isViolation()) return reset;
        Step<StreamTable> again = reset.state().on(event);
        if (again.isViolation()) return again;
        List<Action> acts = new ArrayList<>(reset.actions());
        acts.addAll(again.actions());
        return Step.next(again.state(), acts);
    }

    // ================================================================== queries

    /** The stream's state as RFC 9113 §5.1 names it (forgotten streams read as closed). */
    public StreamState stateOf(int streamId) {
        Stream s = streams.get(streamId);
        if (s != null) return s.state();
        if (closed.get(streamId) == null && isIdle(streamId)) return StreamState.IDLE;
        return StreamState.CLOSED;
    }

    /** How a remembered closed stream closed; {@link Closure#NONE} otherwise. */
    public Closure closureOf(int streamId) {
        Closure c = closed.get(streamId);
        return c == null ? Closure.NONE : c;
    }

    /** Flow-controlled bytes we may send on the stream now (0 when it is not live). */
    public int sendable(int streamId) {
        Stream s = streams.get(streamId);
        return s == null ? 0 : FlowControl.sendable(flow, s.flow());
    }

    /** Open and half-closed streams initiated by the peer ({@code peerInitiated}) or by us. */
    public int activeCount(boolean peerInitiated) {
        IntTreeMap<Stream> live = live();
        // Clients initiate the odd identifiers, servers the even ones (RFC 9113 §5.1.1).
        boolean odd = (config.role() == Role.CLIENT) != peerInitiated;
        return odd ? live.countedOdd() : live.countedEven();
    }

    /** The identifier our next stream gets, or empty when identifiers are used up (STR-12). */
    public OptionalInt nextStreamId() {
        long next = highestLocalId == 0 ? config.role().firstStreamId() : (long) highestLocalId + 2;
        return next > Window.MAX ? OptionalInt.empty() : OptionalInt.of((int) next);
    }

    // ================================================================== received

    private Step<StreamTable> frameReceived(Frame frame) {
        return switch (frame) {
            case DataFrame d -> dataReceived(d);
            case WindowUpdateFrame w -> windowUpdateReceived(w);
            case RstStreamFrame r -> rstReceived(r);
            // PRIORITY never changes a stream's state, in any state (§5.1, §6.3); we do not prioritise.
            case PriorityFrame p -> Step.next(this);
            case HeadersFrame f -> notMine(f);
            case ContinuationFrame f -> notMine(f);
            case PushPromiseFrame f -> notMine(f);
            case SettingsFrame f -> notMine(f);
            case PingFrame f -> notMine(f);
            case GoAwayFrame f -> notMine(f);
            case UnknownFrame f -> notMine(f);
        };
    }

    private static Step<StreamTable> notMine(Frame frame) {
        throw new IllegalArgumentException("the stream table takes DATA, WINDOW_UPDATE, RST_STREAM, PRIORITY,"
                + " and header blocks as HeaderBlockReceived; got " + frame.typeName());
    }

    @Enforces({"FC-4", "FC-9"})
    private Step<StreamTable> dataReceived(DataFrame d) {
        int id = requireStream(d.streamId());
        int length = d.flowControlledLength(); // FC_4: pad-length byte and padding count too
        FrameKind kind = FrameKind.data(d.endStream());
        // Every DATA frame counts on the connection window, whatever its stream's fate (FC_9).
        Step<ConnectionFlow> conn = FlowControl.connectionDataReceived(flow, length);
        if (conn.isViolation()) return Step.violated(conn.violation());
        StreamTable t = withFlow(conn.state());
        List<Action> acts = new ArrayList<>(conn.actions());
        Stream s = streams.get(id);
        if (s == null) {
            Transition tr = notLive(id, kind);
            if (tr instanceof Illegal i) return violation(i, id, "DATA on " + describe(id));
            if (tr instanceof Tolerated x) acts.add(tolerated(x, "DATA on " + describe(id)));
            return Step.next(t, acts); // discarded: only the connection window noticed it
        }
        Transition tr = StreamTransitions.apply(s.state(), Closure.NONE, Direction.RECEIVED, kind);
        if (tr instanceof Illegal i) return violation(i, id, "DATA on a " + s.state().rfcName() + " stream");
        Legal next = (Legal) tr;
        Step<StreamFlow> sf = FlowControl.streamDataReceived(s.flow(), id, length, length - d.data().length());
        if (sf.isViolation()) return Step.violated(sf.violation());
        acts.addAll(sf.actions());
        if (!d.data().isEmpty() || d.endStream()) acts.add(new DeliverData(id, d.data(), d.endStream()));
        return t.put(s.withFlow(sf.state()).withState(next.state()), next.closure(), acts);
    }

    private Step<StreamTable> windowUpdateReceived(WindowUpdateFrame w) {
        if (w.streamId() == 0) {
            Step<ConnectionFlow> c = FlowControl.connectionWindowUpdate(flow, w.increment());
            return c.isViolation() ? Step.violated(c.violation()) : Step.next(withFlow(c.state()));
        }
        int id = w.streamId();
        Stream s = streams.get(id);
        if (s == null) {
            Transition tr = notLive(id, FrameKind.WINDOW_UPDATE);
            return tr instanceof Illegal i ? violation(i, id, "WINDOW_UPDATE on " + describe(id)) : Step.next(this);
        }
        Transition tr = StreamTransitions.apply(s.state(), Closure.NONE, Direction.RECEIVED, FrameKind.WINDOW_UPDATE);
        if (tr instanceof Illegal i) return violation(i, id, "WINDOW_UPDATE on a " + s.state().rfcName() + " stream");
        Step<StreamFlow> sf = FlowControl.streamWindowUpdate(s.flow(), id, w.increment());
        if (sf.isViolation()) return Step.violated(sf.violation());
        return Step.next(withStreams(with(streams, s.withFlow(sf.state()))));
    }

    private Step<StreamTable> rstReceived(RstStreamFrame r) {
        int id = requireStream(r.streamId());
        Stream s = streams.get(id);
        if (s == null) {
            Transition tr = notLive(id, FrameKind.RST_STREAM);
            return tr instanceof Illegal i ? violation(i, id, "RST_STREAM on " + describe(id)) : Step.next(this);
        }
        Legal next = (Legal) StreamTransitions.apply(s.state(), Closure.NONE, Direction.RECEIVED, FrameKind.RST_STREAM);
        List<Action> acts = new ArrayList<>();
        acts.add(new PeerReset(id, r.errorCode()));
        return put(s.withState(next.state()), next.closure(), acts);
    }

    private Step<StreamTable> headersReceived(HeaderBlock block) {
        int id = requireStream(block.streamId());
        FrameKind kind = FrameKind.headers(block.endStream());
        Stream s = streams.get(id);
        if (s != null) {
            Transition tr = StreamTransitions.apply(s.state(), Closure.NONE, Direction.RECEIVED, kind);
            if (tr instanceof Illegal i) return violation(i, id, "HEADERS on a " + s.state().rfcName() + " stream");
            boolean trailers = s.blocksReceived() >= 1;
            if (trailers && !block.endStream()) {
                return Step.streamError(HB_5, ErrorCode.PROTOCOL_ERROR, id, "a second header block without END_STREAM");
            }
            Legal next = (Legal) tr;
            List<Action> acts = new ArrayList<>();
            acts.add(new DeliverHeaders(id, block.fragment(), block.endStream(), trailers));
            return put(s.withBlockReceived().withState(next.state()), next.closure(), acts);
        }
        Closure how = closed.get(id);
        boolean peerParity = !config.role().initiates(id);
        if (how == null && isIdle(id)) {
            // Only a client opens streams with HEADERS, on odd identifiers (§5.1.1, §8.4).
            if (config.role() != Role.SERVER || !peerParity) {
                return Step.connectionError(STR_9, ErrorCode.PROTOCOL_ERROR,
                        "HEADERS opening stream " + id + ", which the " + config.role().peer().name().toLowerCase() + " may not open");
            }
            if (activeCount(true) >= localMaxConcurrentStreams) {
                return Step.streamError(STR_13, ErrorCode.REFUSED_STREAM, id,
                        "stream " + id + " exceeds our MAX_CONCURRENT_STREAMS " + localMaxConcurrentStreams);
            }
            Legal next = (Legal) StreamTransitions.apply(StreamState.IDLE, Closure.NONE, Direction.RECEIVED, kind);
            Stream fresh = new Stream(id, next.state(), FlowControl.newStream(flow), 1, 0);
            StreamTable t = new StreamTable(config, flow, with(streams, fresh), closed, highestLocalId, id,
                    localMaxConcurrentStreams, peerMaxConcurrentStreams);
            return Step.next(t, new DeliverHeaders(id, block.fragment(), block.endStream(), false));
        }
        if (how == null && peerParity) {
            return Step.connectionError(STR_10, ErrorCode.PROTOCOL_ERROR,
                    "HEADERS on stream " + id + ", not above the peer's highest stream " + highestPeerId);
        }
        Transition tr = how == null ? new Discard(STR_4) : StreamTransitions.apply(StreamState.CLOSED, how, Direction.RECEIVED, kind);
        if (tr instanceof Illegal i) return violation(i, id, "HEADERS on " + describe(id));
        if (tr instanceof Tolerated x) {
            return Step.next(this, new DiscardHeaders(id, block.fragment()), tolerated(x, "HEADERS on " + describe(id)));
        }
        return Step.next(this, new DiscardHeaders(id, block.fragment()));
    }

    private Step<StreamTable> pushPromiseReceived(HeaderBlock block) {
        int id = requireStream(block.streamId());
        int promised = block.promisedStreamId();
        if (config.role() == Role.SERVER) {
            return Step.connectionError(STR_15, ErrorCode.PROTOCOL_ERROR, "PUSH_PROMISE received by a server");
        }
        if (!config.pushEnabled()) {
            return Step.connectionError(STR_16, ErrorCode.PROTOCOL_ERROR, "PUSH_PROMISE although we announced ENABLE_PUSH=0");
        }
        if (promised <= 0 || config.role().initiates(promised) || promised <= highestPeerId) {
            return Step.connectionError(STR_17, ErrorCode.PROTOCOL_ERROR,
                    "PUSH_PROMISE promises stream " + promised + ", not a new server stream above " + highestPeerId);
        }
        Stream s = streams.get(id);
        boolean discard;
        if (s != null) {
            if (!config.role().initiates(id)) {
                return Step.connectionError(STR_17, ErrorCode.PROTOCOL_ERROR, "PUSH_PROMISE on stream " + id + ", which we did not open");
            }
            Transition tr = StreamTransitions.apply(s.state(), Closure.NONE, Direction.RECEIVED, FrameKind.PUSH_PROMISE);
            if (tr instanceof Illegal i) return violation(i, id, "PUSH_PROMISE on a " + s.state().rfcName() + " stream");
            discard = false;
        } else {
            Transition tr = notLive(id, FrameKind.PUSH_PROMISE);
            if (tr instanceof Illegal i) return violation(i, id, "PUSH_PROMISE on " + describe(id));
            discard = true; // still reserves the promised stream (§5.1, closed)
        }
        Legal reserved = (Legal) StreamTransitions.apply(StreamState.IDLE, Closure.NONE, Direction.RECEIVED, FrameKind.PROMISED);
        Stream fresh = new Stream(promised, reserved.state(), FlowControl.newStream(flow), 0, 0);
        StreamTable t = new StreamTable(config, flow, with(streams, fresh), closed, highestLocalId, promised,
                localMaxConcurrentStreams, peerMaxConcurrentStreams);
        Action act = discard ? new DiscardHeaders(id, block.fragment()) : new DeliverPushPromise(id, promised, block.fragment());
        return Step.next(t, act);
    }

    /** Moves every open stream's send window by the change, not the connection's ({@link io.grpcspec.spec.flow.FlowControlRules#FC_5}). */
    @Enforces("FC-5")
    private Step<StreamTable> peerInitialWindowSize(int size) {
        long delta = (long) size - flow.peerInitialWindow();
        IntTreeMap<Stream> next = live();
        for (Stream s : streams.values()) {
            Step<StreamFlow> sf = FlowControl.peerInitialWindowShift(s.flow(), s.id(), delta);
            if (sf.isViolation()) return Step.violated(sf.violation());
            next = next.with(s.id(), s.withFlow(sf.state()));
        }
        return Step.next(new StreamTable(config, flow.withPeerInitialWindow(size), next, closed, highestLocalId,
                highestPeerId, localMaxConcurrentStreams, peerMaxConcurrentStreams));
    }

    /** Only the peer's ACK of our SETTINGS moves our stream receive windows ({@link io.grpcspec.spec.flow.FlowControlRules#FC_10}). */
    @Enforces("FC-10")
    private Step<StreamTable> localInitialWindowSizeAcked(int size) {
        IntTreeMap<Stream> next = live();
        for (Stream s : streams.values()) {
            Step<StreamFlow> sf = FlowControl.localInitialWindowShift(s.flow(), s.id(), size);
            if (sf.isViolation()) return Step.violated(sf.violation());
            next = next.with(s.id(), s.withFlow(sf.state()));
        }
        return Step.next(new StreamTable(config, flow.withLocalInitialWindow(size), next, closed, highestLocalId,
                highestPeerId, localMaxConcurrentStreams, peerMaxConcurrentStreams));
    }

    // ================================================================== sent

    private Step<StreamTable> openStream(List<HeaderField> fields, boolean endStream) {
        OptionalInt next = nextStreamId();
        if (next.isEmpty()) {
            // Not an error on the wire: this connection can carry no new stream. GOAWAY(NO_ERROR)
            // and a new connection are the way on (§5.1.1).
            return Step.connectionError(STR_12, ErrorCode.NO_ERROR,
                    "stream identifiers used up (highest " + highestLocalId + "); open a new connection");
        }
        return openLocal(next.getAsInt(), fields, endStream);
    }

    private Step<StreamTable> openLocal(int id, List<HeaderField> fields, boolean endStream) {
        if (config.role() == Role.SERVER) {
            return Step.connectionError(STR_9, ErrorCode.PROTOCOL_ERROR, "a server does not open streams with HEADERS");
        }
        if (activeCount(false) >= peerMaxConcurrentStreams) {
            return Step.streamError(STR_14, ErrorCode.REFUSED_STREAM, id,
                    "the peer allows " + peerMaxConcurrentStreams + " concurrent streams; wait for one to close");
        }
        Legal next = (Legal) StreamTransitions.apply(StreamState.IDLE, Closure.NONE, Direction.SENT, FrameKind.headers(endStream));
        Stream fresh = new Stream(id, next.state(), FlowControl.newStream(flow), 0, 1);
        StreamTable t = new StreamTable(config, flow, with(streams, fresh), closed, id, highestPeerId,
                localMaxConcurrentStreams, peerMaxConcurrentStreams);
        return Step.next(t, new WriteHeaders(id, fields, endStream));
    }

    private Step<StreamTable> sendHeaders(int id, List<HeaderField> fields, boolean endStream) {
        requireStream(id);
        Stream s = streams.get(id);
        if (s == null) {
            if (closed.get(id) == null && isIdle(id)) {
                if (config.role().initiates(id)) return openLocal(id, fields, endStream);
                return Step.connectionError(STR_9, ErrorCode.PROTOCOL_ERROR, "we may not open stream " + id);
            }
            return ours(id, "HEADERS on " + describe(id));
        }
        Transition tr = StreamTransitions.apply(s.state(), Closure.NONE, Direction.SENT, FrameKind.headers(endStream));
        if (tr instanceof Illegal i) return violation(i, id, "sending HEADERS on a " + s.state().rfcName() + " stream");
        if (s.blocksSent() >= 1 && !endStream) {
            return Step.streamError(HB_5, ErrorCode.PROTOCOL_ERROR, id, "sending a second header block without END_STREAM");
        }
        Legal next = (Legal) tr;
        List<Action> acts = new ArrayList<>();
        acts.add(new WriteHeaders(id, fields, endStream));
        return put(s.withBlockSent().withState(next.state()), next.closure(), acts);
    }

    private Step<StreamTable> sendData(DataFrame d) {
        int id = requireStream(d.streamId());
        Stream s = streams.get(id);
        if (s == null) return ours(id, "DATA on " + describe(id));
        Transition tr = StreamTransitions.apply(s.state(), Closure.NONE, Direction.SENT, FrameKind.data(d.endStream()));
        if (tr instanceof Illegal i) return violation(i, id, "sending DATA on a " + s.state().rfcName() + " stream");
        Step<Flows> f = FlowControl.dataSent(new Flows(flow, s.flow()), id, d.flowControlledLength());
        if (f.isViolation()) return Step.violated(f.violation());
        Legal next = (Legal) tr;
        List<Action> acts = new ArrayList<>();
        acts.add(new WriteFrame(d));
        return withFlow(f.state().connection()).put(s.withFlow(f.state().stream()).withState(next.state()), next.closure(), acts);
    }

    private Step<StreamTable> sendRst(int id, ErrorCode code) {
        requireStream(id);
        WriteFrame write = new WriteFrame(new RstStreamFrame(id, code));
        Stream s = streams.get(id);
        if (s == null) {
            if (closed.get(id) == null && isIdle(id) && !config.role().initiates(id)) {
                // Refusing a peer stream whose opening HEADERS we rejected (STR-13 or a stream error
                // on its first block): the peer sees it open, so it ends like a stream we reset.
                StreamTable t = new StreamTable(config, flow, streams, closed.with(id, Closure.RESET_SENT), highestLocalId, id,
                        localMaxConcurrentStreams, peerMaxConcurrentStreams);
                return Step.next(t, write);
            }
            return ours(id, "RST_STREAM on " + describe(id));
        }
        Legal next = (Legal) StreamTransitions.apply(s.state(), Closure.NONE, Direction.SENT, FrameKind.RST_STREAM);
        List<Action> acts = new ArrayList<>();
        acts.add(write);
        return put(s.withState(next.state()), next.closure(), acts);
    }

    private Step<StreamTable> consumed(int id, int bytes) {
        Stream s = streams.get(id);
        if (s == null) return Step.next(this); // closed: its connection credit went back on arrival
        Step<StreamFlow> sf = FlowControl.consumed(s.flow(), id, bytes);
        StreamTable t = withStreams(with(streams, s.withFlow(sf.state())));
        // After the peer's END_STREAM, stream credit is of no use to it: keep the books, skip the frame.
        return Step.next(t, peerMaySend(s.state()) ? sf.actions() : List.of());
    }

    private Step<StreamTable> messagePending(int id, int size) {
        Stream s = streams.get(id);
        if (s == null || !peerMaySend(s.state())) return Step.next(this);
        Step<StreamFlow> sf = FlowControl.messagePending(s.flow(), id, size);
        return Step.next(withStreams(with(streams, s.withFlow(sf.state()))), sf.actions());
    }

    // ================================================================== helpers

    /** The transition for a frame on a stream that is not live: remembered closed, idle, or forgotten. */
    private Transition notLive(int id, FrameKind kind) {
        Closure how = closed.get(id);
        if (how != null) return StreamTransitions.apply(StreamState.CLOSED, how, Direction.RECEIVED, kind);
        if (isIdle(id)) return StreamTransitions.apply(StreamState.IDLE, Closure.NONE, Direction.RECEIVED, kind);
        // Forgotten, or skipped and so implicitly closed (STR-11): minimal processing, as after our reset.
        return kind == FrameKind.PUSH_PROMISE ? new Illegal(STR_17, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION) : new Discard(STR_11);
    }

    private boolean isIdle(int id) {
        return config.role().initiates(id) ? id > highestLocalId : id > highestPeerId;
    }

    private String describe(int id) {
        Closure how = closed.get(id);
        if (how != null) return "stream " + id + ", closed by " + how.label();
        return (isIdle(id) ? "idle stream " : "closed stream ") + id;
    }

    private Step<StreamTable> put(Stream s, Closure how, List<Action> acts) {
        if (s.state() != StreamState.CLOSED) return Step.next(withStreams(with(streams, s)), acts);
        Map<Integer, Stream> rest = live().without(s.id());
        acts.add(new StreamClosed(s.id(), how));
        return Step.next(new StreamTable(config, flow, rest, closed.with(s.id(), how), highestLocalId, highestPeerId,
                localMaxConcurrentStreams, peerMaxConcurrentStreams), acts);
    }

    private static Map<Integer, Stream> with(Map<Integer, Stream> m, Stream s) {
        return ((IntTreeMap<Stream>) m).with(s.id(), s);
    }

    /** The live streams as the compact constructor keeps them. */
    private IntTreeMap<Stream> live() {
        return (IntTreeMap<Stream>) streams;
    }

    private StreamTable withStreams(Map<Integer, Stream> m) {
        return new StreamTable(config, flow, m, closed, highestLocalId, highestPeerId, localMaxConcurrentStreams, peerMaxConcurrentStreams);
    }

    private StreamTable withFlow(ConnectionFlow f) {
        return new StreamTable(config, f, streams, closed, highestLocalId, highestPeerId, localMaxConcurrentStreams, peerMaxConcurrentStreams);
    }

    private StreamTable withLimits(long local, long peer) {
        return new StreamTable(config, flow, streams, closed, highestLocalId, highestPeerId, local, peer);
    }

    private static boolean peerMaySend(StreamState s) {
        return s == StreamState.OPEN || s == StreamState.HALF_CLOSED_LOCAL;
    }

    private static <S> Step<S> violation(Illegal i, int streamId, String detail) {
        return Step.violated(new Violation(i.rule(), i.code(), i.scope(), i.scope() == Scope.STREAM ? streamId : 0, detail));
    }

    /** The report of a fault answered the robust way (the frame is dropped); the endpoint may answer it strictly instead. */
    private static PeerTolerated tolerated(Tolerated t, String detail) {
        return new PeerTolerated(new Violation(t.rule(), t.code(), t.scope(), 0, detail));
    }

    private static <S> Step<S> ours(int id, String detail) {
        return Step.streamError(STR_8, ErrorCode.INTERNAL_ERROR, id, detail);
    }

    private static int requireStream(int id) {
        if (id <= 0) throw new IllegalArgumentException("stream-bound frame on stream " + id + " (the frame layer rejects these)");
        return id;
    }
}
