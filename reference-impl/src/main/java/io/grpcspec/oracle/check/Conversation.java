package io.grpcspec.oracle.check;

import io.grpcspec.hpack.DecodeResult;
import io.grpcspec.hpack.DecoderState;
import io.grpcspec.hpack.EncoderState;
import io.grpcspec.oracle.report.FrameLog;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.connection.Settings;
import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.driver.EndpointDriver;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.grpc.MessageFramer;
import io.grpcspec.spec.grpc.RequestHeaders;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.FrameWriter;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.PushPromiseFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One scripted conversation with the server under test, on a connection of its own.
 *
 * <p>Conforming steps go through our client's own machine and driver ({@link EndpointDriver}
 * over a client {@link EndpointConfig}, exactly what {@code Http2ClientTransport} runs): the
 * preface and SETTINGS, opening streams, DATA within the windows, SETTINGS ACKs, PING answers and
 * credit are what our client would send, and the machine judges every frame the server sends, so
 * a server breaking a rule the scenario was not even about is caught ({@link Seen.Broke}).
 *
 * <p>Misbehaving steps are raw: a frame or bytes written as they are. The first raw write detaches
 * the machine (it no longer knows what is on the wire): from then on it writes nothing and judges
 * nothing, and the conversation only observes. Header blocks, raw or not, are encoded with the
 * machine's HPACK encoder so the server's decoder stays in step with ours.
 *
 * <p>Everything observed is decoded independently (header blocks with an HPACK decoder of their
 * own) and queued as {@link Seen} values; {@link #expect} judges them one at a time. Reads end at
 * the scenario's deadline; nothing waits past it.
 */
public final class Conversation implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final FrameReader reader;
    private final FrameLog log;
    private final long deadlineNanos;
    private final CheckOptions options;
    private final ServerFacts facts;
    private final EndpointDriver driver = new EndpointDriver();

    private DriverState state;
    private boolean attached = true;
    private boolean ready;
    private boolean ended;
    private int started;
    /** The server's header blocks, decoded for observation (a table of its own, no list limit). */
    private DecoderState inbound = DecoderState.initial(Long.MAX_VALUE);
    /** Our header blocks, decoded as the server sees them, for the frame log. */
    private DecoderState outbound = DecoderState.initial(Long.MAX_VALUE);
    private HeadersFrame inHead;
    private Bytes inBlock;
    private Bytes outBlock;
    private final ArrayDeque<Seen> queue = new ArrayDeque<>();
    private final List<String> sinceExpect = new ArrayList<>();
    /** Why writing stopped (the server closed the connection), or null. */
    private String writeFailed;

    Conversation(Socket socket, CheckOptions options, ServerFacts facts, FrameLog log, long deadlineNanos) throws IOException {
        this.socket = socket;
        this.options = options;
        this.facts = facts;
        this.log = log;
        this.deadlineNanos = deadlineNanos;
        this.out = socket.getOutputStream();
        this.reader = new FrameReader(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
    }

    public CheckOptions options() {
        return options;
    }

    /** What the probe learnt about the server (its SETTINGS, its services). */
    public ServerFacts facts() {
        return facts;
    }

    public FrameLog log() {
        return log;
    }

    /** The server's SETTINGS as our machine holds them (after the handshake). */
    public Settings serverSettings() {
        if (state == null) throw new IllegalStateException("no handshake yet");
        return state.endpoint().remoteSettings();
    }

    // ================================================================== conforming steps (our client's machine)

    /** The preface and our SETTINGS (the defaults our client announces, plus {@code ours}), as our client sends them. */
    public void start(Setting... ours) throws IOException {
        EndpointConfig c = EndpointConfig.client();
        Settings s = c.connection().settings();
        for (Setting x : ours) s = s.with(x);
        state = EndpointDriver.initial(c.withSettings(s));
        step(new EndpointEvent.Start(now(), 0));
    }

    /** {@link #start}, then reads until the server's SETTINGS arrived (the handshake is complete). */
    public void handshake(Setting... ours) throws IOException {
        start(ours);
        awaitReady();
    }

    /** Reads until the server's SETTINGS arrived; fails (CONN-2) when the server says something else or nothing. */
    public void awaitReady() throws IOException {
        sinceExpect.clear();
        if (state == null) throw new IllegalStateException("no handshake started");
        while (!ready) {
            Seen s = next();
            if (s == null || s instanceof Seen.Closed) {
                throw new CheckFailure(Rules.of("CONN-2"), "the server's SETTINGS frame", nothingDecisive());
            }
            if (s instanceof Seen.Broke b) throw new CheckFailure(b.violation().rule(), "the server's SETTINGS frame", s.describe());
            if (!attached && queue.isEmpty()) {
                throw new CheckFailure(Rules.of("CONN-2"), "the server's SETTINGS frame", "our client gave up: " + nothingDecisive());
            }
        }
    }

    /** Opens a stream with {@code fields}, as our client would; returns its ID. */
    public int open(List<HeaderField> fields, boolean endStream) throws IOException {
        requireAttached("open a stream");
        started = 0;
        step(new EndpointEvent.OpenStream(fields, endStream, now()));
        if (started == 0) throw new IllegalStateException("our client machine did not start the stream (the server's limits or GOAWAY)");
        return started;
    }

    /** Queues {@code data} on the stream; it leaves as the server's windows allow. */
    public void send(int stream, Bytes data, boolean endStream) throws IOException {
        requireAttached("send DATA");
        step(new EndpointEvent.SendData(stream, data, endStream, now()));
    }

    /** One length-prefixed gRPC message (uncompressed) on the stream. */
    public void sendMessage(int stream, Bytes message, boolean endStream) throws IOException {
        send(stream, MessageFramer.frame(message), endStream);
    }

    /** New SETTINGS of ours (they bind us when the server ACKs them). */
    public void settings(Setting... changed) throws IOException {
        requireAttached("send SETTINGS");
        step(new EndpointEvent.ChangeSettings(List.of(changed), now()));
    }

    /** RST_STREAM from us. */
    public void reset(int stream, ErrorCode code) throws IOException {
        requireAttached("reset a stream");
        step(new EndpointEvent.ResetStream(stream, code, now()));
    }

    /** The application used {@code bytes} of the stream's data: our machine may return credit. */
    public void consumed(int stream, int bytes) throws IOException {
        requireAttached("return credit");
        step(new EndpointEvent.Consumed(stream, bytes, now()));
    }

    /** A PING: through our machine while it drives, raw after. */
    public void ping(long payload) throws IOException {
        if (attached && state != null) step(new EndpointEvent.SendPing(payload, now()));
        else write(new PingFrame(false, payload));
    }

    // ================================================================== raw steps (misbehaviour)

    /** Stops our machine: it writes and judges nothing more; the conversation goes on observing. */
    public void detach() {
        if (attached) log.note("our client machine steps aside; what follows is raw");
        attached = false;
    }

    /** Writes {@code f} as it is (detaches the machine). */
    public void raw(Frame f) throws IOException {
        detach();
        write(f);
    }

    /** Writes {@code bytes} as they are (detaches the machine); {@code what} names them in the log. */
    public void rawBytes(byte[] bytes, String what) throws IOException {
        detach();
        log.note("raw " + bytes.length + " octets: " + what);
        send(bytes);
    }

    /** A header block in one HEADERS frame with END_HEADERS, encoded with our HPACK state (detaches). */
    public void rawHeaders(int stream, List<HeaderField> fields, boolean endStream) throws IOException {
        raw(new HeadersFrame(stream, encode(fields), endStream, true));
    }

    /** Encodes {@code fields} with our HPACK encoder, which the server's decoder follows; the block must be sent. */
    public Bytes encode(List<HeaderField> fields) {
        if (state == null) state = EndpointDriver.initial(EndpointConfig.client());
        EncoderState.Encoded e = state.encoder().encode(fields);
        state = new DriverState(state.endpoint(), e.state(), state.decoder(), state.timers());
        return e.block();
    }

    // ================================================================== requests

    /** The header list our client sends for a call of {@code path}. */
    public List<HeaderField> request(String path) {
        return RequestHeaders.of(options.scheme(), options.authorityOrTarget(), path).withUserAgent(Checker.USER_AGENT).toFields();
    }

    /** {@link #request} with {@code name} set to {@code value} (null removes it; a new name is appended). */
    public List<HeaderField> request(String path, String name, String value) {
        List<HeaderField> f = new ArrayList<>();
        boolean done = false;
        for (HeaderField h : request(path)) {
            if (h.name().equals(name)) {
                if (value != null && !done) f.add(new HeaderField(name, value));
                done = true;
            } else {
                f.add(h);
            }
        }
        if (!done && value != null) f.add(new HeaderField(name, value));
        return f;
    }

    // ================================================================== observing

    /** The next observation, or null when the deadline passed (or the connection ended and all was seen). */
    public Seen next() throws IOException {
        while (queue.isEmpty()) {
            if (ended || !read()) return null;
        }
        Seen s = queue.poll();
        sinceExpect.add(s.describe());
        return s;
    }

    /**
     * Reads until {@code e} decides, and returns what it yields. A rule our client machine finds
     * the server breaking on the way fails the expectation with that rule; so does the deadline.
     */
    public <T> T expect(Expect<T> e) throws IOException {
        sinceExpect.clear();
        while (true) {
            Seen s = next();
            Expect.Judgement<T> j;
            if (s == null) {
                j = e.atDeadline();
                if (j == null) throw new CheckFailure(e.rule(), e.expected(), nothingDecisive());
            } else if (s instanceof Seen.Broke b) {
                throw new CheckFailure(b.violation().rule(), e.expected(), s.describe());
            } else {
                j = e.on(s);
                if (j == null) continue;
            }
            return switch (j) {
                case Expect.Pass<T> p -> p.value();
                case Expect.Fail<T> f -> throw new CheckFailure(f.rule() != null ? f.rule() : e.rule(), e.expected(), f.observed());
            };
        }
    }

    /**
     * Everything the server sends on {@code stream} until it ends the stream, resets it, sends a
     * GOAWAY that excludes it or closes. With {@code credit}, DATA is handed back to our machine
     * as consumed, so windows reopen as a real client's would.
     */
    public Response collect(Rule rule, int stream, boolean credit) throws IOException {
        sinceExpect.clear();
        List<Seen.Block> blocks = new ArrayList<>();
        Bytes data = Bytes.EMPTY;
        List<Integer> sizes = new ArrayList<>();
        while (true) {
            Seen s = next();
            Response sofar = new Response(blocks, data, sizes, false, -1, null);
            String expected = "a complete response on stream " + stream;
            if (s == null) throw new CheckFailure(rule, expected, nothingDecisive() + "; on the stream: " + sofar.describe());
            switch (s) {
                case Seen.Broke b -> throw new CheckFailure(b.violation().rule(), expected, s.describe());
                case Seen.Block b when b.streamId() == stream -> {
                    blocks.add(b);
                    if (b.endStream()) return new Response(blocks, data, sizes, true, -1, null);
                }
                case Seen.Frame(DataFrame d) when d.streamId() == stream -> {
                    data = data.concat(d.data());
                    sizes.add(d.data().length());
                    if (credit && attached && d.flowControlledLength() > 0) consumed(stream, d.flowControlledLength());
                    if (d.endStream()) return new Response(blocks, data, sizes, true, -1, null);
                }
                case Seen.Frame(RstStreamFrame r) when r.streamId() == stream -> {
                    return new Response(blocks, data, sizes, false, r.errorCode(), null);
                }
                case Seen.Frame(GoAwayFrame g) when g.lastStreamId() < stream || g.errorCode() != 0 -> {
                    return new Response(blocks, data, sizes, false, -1, s.describe());
                }
                case Seen.Closed c -> {
                    return new Response(blocks, data, sizes, false, -1, s.describe());
                }
                case Seen.Malformed m -> {
                    return new Response(blocks, data, sizes, false, -1, s.describe());
                }
                default -> { } // other streams, connection frames
            }
        }
    }

    /**
     * Expects a connection error with one of {@code codes} for what was just sent, and sends a PING
     * behind it so that a server that goes on instead is caught when it answers the PING, without
     * waiting for the deadline (frames are processed in order: after the offending frame, the
     * PING can only be answered by a server that did not end the connection).
     */
    public void expectConnectionError(Rule rule, ErrorCode... codes) throws IOException {
        long probe = PROBE_PING;
        ping(probe);
        expect(Expectations.connectionError(rule, probe, codes));
    }

    /** The payload of the PING {@link #expectConnectionError} sends: "go on?". */
    static final long PROBE_PING = 0x676f206f6e3f0000L;

    /** Fails the scenario ({@code rule}, or its main rule when null) unless {@code ok}. */
    public void check(boolean ok, Rule rule, String expected, String observed) {
        if (!ok) throw new CheckFailure(rule, expected, observed);
    }

    /** Time left before the deadline. */
    public long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ================================================================== internals

    private String nothingDecisive() {
        String what = ended ? "the connection ended" : "nothing decisive within " + TimeUnit.NANOSECONDS.toMillis(
                options.timeout().toNanos()) + " ms";
        if (sinceExpect.isEmpty()) return what;
        List<String> tail = sinceExpect.subList(Math.max(0, sinceExpect.size() - 4), sinceExpect.size());
        return what + " (received: " + String.join("; ", tail) + ")";
    }

    private void requireAttached(String what) {
        if (!attached || state == null) throw new IllegalStateException("cannot " + what + " through our client machine: it is not driving");
    }

    private void step(EndpointEvent e) throws IOException {
        EndpointDriver.DriverStep st = driver.step(state, e);
        state = st.state();
        for (Effect x : st.effects()) perform(x);
    }

    private void perform(Effect effect) throws IOException {
        switch (effect) {
            case Effect.WritePreface p -> {
                log.note("preface");
                send(Preface.CLIENT.toByteArray());
            }
            case Effect.WriteFrame(Frame f) -> write(f);
            case Effect.WriteBlock(int id, List<Frame> frames) -> {
                for (Frame f : frames) write(f);
            }
            case Effect.Close(String reason) -> {
                log.note("our client machine would close the connection: " + reason);
                attached = false;
            }
            case Effect.ReadLimit(int max) -> reader.maxFrameSize(max);
            case Effect.Ready r -> ready = true;
            case Effect.PeerViolation(var v) -> {
                log.note("our client machine: the server broke " + v.rule().id() + " (" + v.code() + "): " + v.detail());
                queue.add(new Seen.Broke(v));
            }
            // Strict in the verdict: a fault our machine only tolerates (a MAY-level answer) still fails the server.
            case Effect.PeerTolerated(var v) -> {
                log.note("our client machine: the server broke " + v.rule().id() + " (tolerated): " + v.detail());
                queue.add(new Seen.Broke(v));
            }
            case Effect.StreamStarted(int id) -> started = id;
            case Effect.Refused(var event, var v) -> throw new IllegalStateException("our client machine refused "
                    + event.getClass().getSimpleName() + ": " + v);
            // Deliveries are observed from the frames themselves; timers never fire in a scenario.
            case Effect.ArmTimer t -> { }
            case Effect.CancelTimer t -> { }
            case Effect.Headers h -> { }
            case Effect.Data d -> { }
            case Effect.PeerReset r -> { }
            case Effect.StreamClosed c -> { }
            case Effect.GoingAway g -> { }
            case Effect.NotProcessed n -> { }
            case Effect.PingAcked a -> { }
            case Effect.ConnectionBroken b -> { }
            case Effect.Pending p -> { }
        }
    }

    /** Writes one frame and logs it, with the decoded list when it completes one of our header blocks. */
    private void write(Frame f) throws IOException {
        log.sent(f);
        send(FrameWriter.encode(f));
        switch (f) {
            case HeadersFrame h -> {
                outBlock = h.fragment();
                if (h.endHeaders()) logOurBlock();
            }
            case ContinuationFrame c -> {
                if (outBlock == null) return;
                outBlock = outBlock.concat(c.fragment());
                if (c.endHeaders()) logOurBlock();
            }
            default -> { }
        }
    }

    /**
     * Writes octets. A write the server refuses (it closed the connection, perhaps right after a
     * GOAWAY still on its way to us) ends our writing, not the scenario: what the server said
     * before closing is read and judged as usual.
     */
    private void send(byte[] bytes) {
        if (writeFailed != null) return;
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            writeFailed = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.note("write failed (" + writeFailed + "): the server has closed the connection; nothing more is written");
        }
    }

    private void logOurBlock() {
        DecoderState.Decoded d = outbound.decode(outBlock);
        outbound = d.state();
        outBlock = null;
        if (d.result() instanceof DecodeResult.Fields(var fields)) log.fields(fields);
    }

    /** Reads one frame into the queue; false at the deadline. */
    private boolean read() throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) return false;
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        Frame f;
        try {
            f = reader.readFrame();
        } catch (SocketTimeoutException e) {
            return false;
        } catch (FrameException fe) {
            log.note("the server sent a frame our codec rejects: " + fe.getMessage());
            queue.add(new Seen.Malformed(fe.error()));
            if (attached && state != null) step(new EndpointEvent.FrameRejected(fe.error(), now()));
            if (!fe.kind().resumable()) serverClosed("unreadable input");
            return true;
        } catch (IOException e) {
            serverClosed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return true;
        }
        if (f == null) {
            serverClosed("EOF");
            return true;
        }
        log.received(f);
        observe(f);
        if (attached && state != null) step(new EndpointEvent.FrameReceived(f, now()));
        return true;
    }

    private void serverClosed(String how) {
        log.note("connection closed: " + how);
        queue.add(new Seen.Closed(how));
        ended = true;
    }

    /** Queues what {@code f} means: a frame, or at END_HEADERS the whole decoded header block. */
    private void observe(Frame f) {
        switch (f) {
            case HeadersFrame h -> {
                inHead = h;
                inBlock = h.fragment();
                if (h.endHeaders()) finishBlock();
            }
            case ContinuationFrame c when inHead != null && c.streamId() == inHead.streamId() -> {
                inBlock = inBlock.concat(c.fragment());
                if (c.endHeaders()) finishBlock();
            }
            case PushPromiseFrame p -> {
                // Decoded only to keep our table in step; a gRPC server never pushes (our machine judges it).
                if (p.endHeaders()) inbound = inbound.decode(p.fragment()).state();
                queue.add(new Seen.Frame(f));
            }
            default -> queue.add(new Seen.Frame(f));
        }
    }

    private void finishBlock() {
        DecoderState.Decoded d = inbound.decode(inBlock);
        inbound = d.state();
        Seen.Block b = switch (d.result()) {
            case DecodeResult.Fields(var fields) -> {
                log.fields(fields);
                yield new Seen.Block(inHead.streamId(), inHead.endStream(), fields, null);
            }
            case DecodeResult.ListTooLarge big -> new Seen.Block(inHead.streamId(), inHead.endStream(), null, "list too large");
            case DecodeResult.Failed(var error) -> new Seen.Block(inHead.streamId(), inHead.endStream(), null, error.detail());
        };
        queue.add(b);
        inHead = null;
        inBlock = null;
    }

    private static long now() {
        return System.nanoTime();
    }
}
