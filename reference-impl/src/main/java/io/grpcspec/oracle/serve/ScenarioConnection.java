package io.grpcspec.oracle.serve;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpcspec.oracle.serve.Verdicts.Assertion;
import io.grpcspec.oracle.serve.Verdicts.Status;
import io.grpcspec.proto.testing.Payload;
import io.grpcspec.proto.testing.SimpleRequest;
import io.grpcspec.proto.testing.SimpleResponse;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.grpc.MessageFramer;
import io.grpcspec.spec.stream.StreamRules;
import io.grpcspec.transport.ConnectionListener;
import io.grpcspec.transport.Http2Connection;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection of a negative interop scenario, driven by hand as gRPC's Python test server
 * drives its h2 connection: every request is taken as a {@code grpc.testing.TestService/UnaryCall}
 * (the path is not looked at), response headers go out as soon as the request headers arrive,
 * and the response is a {@code SimpleResponse} whose payload is {@code response_size} zero
 * octets, written once the whole request message is in. Each scenario then misbehaves as
 * {@link NegativeScenario} says. Frames still pass through the spec machines: what the scenario
 * asks for is what the machines let the server send.
 *
 * <p>The server-side assertions are kept per {@link Run} (across the server's connections) and
 * recorded in {@link Verdicts} as they are decided.
 */
final class ScenarioConnection implements ConnectionListener {

    /** The PING payload of the {@code ping} scenario (the Python server sends eight zero octets). */
    static final long PING_PAYLOAD = 0;

    /** What a scenario shares across the connections of one server. */
    static final class Run {
        final NegativeScenario scenario;
        final Verdicts verdicts;
        private final AtomicLong connections = new AtomicLong();
        /** goaway: the sequence number of the first connection we sent GOAWAY on, or 0. */
        private long firstGoAway;

        Run(NegativeScenario scenario, Verdicts verdicts) {
            this.scenario = scenario;
            this.verdicts = verdicts;
            for (String a : scenario.assertions()) verdicts.assertion(new Assertion(scenario.grpcName(), a, Status.SKIPPED, "not exercised"));
        }

        void record(int index, Status status, String detail) {
            verdicts.assertion(new Assertion(scenario.grpcName(), scenario.assertions().get(index), status, detail));
        }

        synchronized void goAwaySent(long seq) {
            if (firstGoAway == 0) firstGoAway = seq;
        }

        synchronized boolean afterAGoAway(long seq) {
            return firstGoAway != 0 && seq > firstGoAway;
        }
    }

    private final Run run;
    private final String name;
    private final long seq;

    // guarded by this
    private final Map<Integer, ByteArrayOutputStream> requests = new HashMap<>();
    /** rst_during_data, rst_after_data: streams to reset once their queued response is written. */
    private final Set<Integer> resetWhenWritten = new HashSet<>();
    private int pingsOutstanding;
    private int pingsSent;
    /** goaway: the shutdown was asked for (after the first call). */
    private boolean shutdownAsked;
    /** A GOAWAY of ours was written. */
    private boolean goAwayWritten;
    /** goaway: the payload of our first PING after our GOAWAY; fenced once the client acknowledged it. */
    private Long fencePing;
    private boolean fenced;
    private boolean calledAfterFence;
    private int highestStream;
    private int settingsAcks;
    private boolean limitExceeded;
    private boolean servedUnderLimit;

    ScenarioConnection(Run run, String name) {
        this.run = run;
        this.name = name;
        this.seq = run.connections.incrementAndGet();
    }

    @Override
    public void onStarted(Http2Connection c) {
        // max_streams: a second SETTINGS right after the first, as soon as the connection is made.
        if (run.scenario == NegativeScenario.MAX_STREAMS) c.changeSettings(List.of(new Setting(SettingId.MAX_CONCURRENT_STREAMS, 1)));
    }

    // ------------------------------------------------------------------ the request

    @Override
    public void onHeaders(Http2Connection c, int id, List<HeaderField> fields, boolean endStream, boolean trailers) {
        if (trailers) return;
        synchronized (this) {
            requests.put(id, new ByteArrayOutputStream());
        }
        if (run.scenario == NegativeScenario.GOAWAY && run.afterAGoAway(seq)) {
            run.record(0, Status.PASSED, "stream " + id + " on connection " + name + ", opened after the GOAWAY on an earlier one");
        }
        if (run.scenario == NegativeScenario.PING) ping(c);
        c.sendHeaders(id, responseHeaders(), false);
        switch (run.scenario) {
            case PING -> ping(c);
            case RST_AFTER_HEADER -> {
                c.resetStream(id, ErrorCode.NO_ERROR);
                run.record(0, Status.PASSED, "stream " + id + " on " + name);
            }
            case GOAWAY, RST_DURING_DATA, RST_AFTER_DATA, MAX_STREAMS, DATA_FRAME_PADDING, NO_DF_PADDING_SANITY_TEST -> { }
        }
    }

    @Override
    public void onData(Http2Connection c, int id, Bytes data, boolean endStream) {
        if (data.length() > 0) c.consumed(id, data.length()); // the application read it: credit goes back
        SimpleRequest request;
        synchronized (this) {
            ByteArrayOutputStream buf = requests.get(id);
            if (buf == null) return;
            buf.writeBytes(data.toByteArray());
            request = complete(buf.toByteArray());
            if (request == null) return;
            requests.remove(id);
        }
        respond(c, id, request);
    }

    /** The request once its first message is whole, else null. An unreadable one is answered as empty. */
    private static SimpleRequest complete(byte[] body) {
        if (body.length < MessageFramer.PREFIX_LENGTH) return null;
        long length = ((body[1] & 0xffL) << 24) | ((body[2] & 0xffL) << 16) | ((body[3] & 0xffL) << 8) | (body[4] & 0xffL);
        if (body.length < MessageFramer.PREFIX_LENGTH + length) return null;
        try {
            return SimpleRequest.parseFrom(ByteString.copyFrom(body, MessageFramer.PREFIX_LENGTH, (int) length));
        } catch (InvalidProtocolBufferException e) {
            return SimpleRequest.getDefaultInstance();
        }
    }

    // ------------------------------------------------------------------ the response

    private void respond(Http2Connection c, int id, SimpleRequest request) {
        SimpleResponse response = SimpleResponse.newBuilder()
                .setPayload(Payload.newBuilder().setBody(ByteString.copyFrom(new byte[Math.max(0, request.getResponseSize())])))
                .build();
        Bytes framed = MessageFramer.frame(Bytes.of(response.toByteArray()));
        switch (run.scenario) {
            case RST_DURING_DATA -> resetAfter(c, id, framed.slice(0, framed.length() / 2));
            case RST_AFTER_DATA -> resetAfter(c, id, framed);
            case PING -> {
                ping(c);
                c.sendData(id, framed, false);
                ping(c);
                c.sendHeaders(id, TRAILERS, true);
            }
            case DATA_FRAME_PADDING, NO_DF_PADDING_SANITY_TEST -> {
                c.sendData(id, framed, false);
                c.sendHeaders(id, TRAILERS, true);
                long frames = (framed.length() + NegativeScenario.SMALL_FRAME - 1) / NegativeScenario.SMALL_FRAME;
                run.record(0, Status.PASSED, frames + " DATA frames for stream " + id + " on " + name);
            }
            case GOAWAY, MAX_STREAMS -> {
                c.sendData(id, framed, false);
                c.sendHeaders(id, TRAILERS, true);
            }
            case RST_AFTER_HEADER -> { } // reset already
        }
    }

    /** Queues {@code data}, then resets the stream with NO_ERROR once all of it is written. */
    private void resetAfter(Http2Connection c, int id, Bytes data) {
        synchronized (this) {
            resetWhenWritten.add(id);
        }
        c.sendData(id, data, false);
        if (c.endpoint().pendingBytes(id) == 0) reset(c, id);
    }

    private void reset(Http2Connection c, int id) {
        synchronized (this) {
            if (!resetWhenWritten.remove(id)) return;
        }
        c.resetStream(id, ErrorCode.NO_ERROR);
        run.record(0, Status.PASSED, "stream " + id + " on " + name);
    }

    private void ping(Http2Connection c) {
        synchronized (this) {
            pingsOutstanding++;
            pingsSent++;
        }
        c.ping(PING_PAYLOAD);
    }

    @Override
    public void onPingAcked(Http2Connection c, long payload) {
        synchronized (this) {
            if (pingsOutstanding > 0) pingsOutstanding--;
        }
    }

    @Override
    public void onStreamClosed(Http2Connection c, int id, io.grpcspec.spec.stream.Closure how) {
        synchronized (this) {
            requests.remove(id);
            resetWhenWritten.remove(id);
        }
        // goaway: once the first call on this connection is over, GOAWAY (the graceful two-phase one).
        if (run.scenario == NegativeScenario.GOAWAY) {
            boolean first;
            synchronized (this) {
                first = !shutdownAsked;
                shutdownAsked = true;
            }
            if (first) {
                run.goAwaySent(seq);
                c.shutdown(true);
            }
        }
    }

    @Override
    public void onClosed(Http2Connection c, String reason) {
        synchronized (this) {
            switch (run.scenario) {
                case PING -> {
                    if (pingsSent > 0) {
                        run.record(0, pingsOutstanding == 0 ? Status.PASSED : Status.FAILED,
                                pingsOutstanding + " of " + pingsSent + " PINGs unanswered when " + name + " ended (" + reason + ")");
                    }
                }
                case GOAWAY -> {
                    // A stream after the fence was recorded as a failure when it came; a client may
                    // also close the connection before it acknowledges the PING behind the GOAWAY.
                    if (goAwayWritten && !calledAfterFence) {
                        run.record(1, Status.PASSED, name + (fenced ? " acknowledged the PING behind our GOAWAY and opened no stream after it"
                                : " ended after our GOAWAY without a stream on it"));
                    }
                }
                case MAX_STREAMS -> {
                    if (servedUnderLimit && !limitExceeded) {
                        run.record(0, Status.PASSED, "on " + name + " no stream beyond the acknowledged limit");
                    }
                }
                case RST_AFTER_HEADER, RST_DURING_DATA, RST_AFTER_DATA, DATA_FRAME_PADDING, NO_DF_PADDING_SANITY_TEST -> { }
            }
        }
    }

    // ------------------------------------------------------------------ what only the steps show

    @Override
    public boolean observesSteps() {
        return true;
    }

    @Override
    public void onStep(Http2Connection c, EndpointEvent event, List<Effect> effects) {
        List<Integer> written = new java.util.ArrayList<>();
        synchronized (this) {
            if (event instanceof EndpointEvent.FrameReceived(Frame f, long t)) received(f);
            for (Effect e : effects) {
                switch (e) {
                    case Effect.WriteFrame(Frame f) -> sent(f);
                    case Effect.Pending(int id, int bytes) -> {
                        if (bytes == 0 && resetWhenWritten.contains(id)) written.add(id);
                    }
                    case Effect.PeerViolation(Violation v) -> {
                        if (v.rule().equals(StreamRules.STR_13) && settingsAcks >= 2) {
                            limitExceeded = true;
                            run.record(0, Status.FAILED, "stream " + v.streamId() + " on " + name
                                    + " beyond MAX_CONCURRENT_STREAMS 1, which the client had acknowledged");
                        }
                    }
                    default -> { }
                }
            }
        }
        for (int id : written) reset(c, id);
    }

    private void received(Frame f) {
        switch (f) {
            case SettingsFrame s when s.ack() -> settingsAcks++;
            case PingFrame p when p.ack() -> {
                if (fencePing != null && p.opaqueData() == fencePing) fenced = true;
            }
            case HeadersFrame h when h.streamId() % 2 == 1 && h.streamId() > highestStream -> {
                highestStream = h.streamId();
                // Our two SETTINGS are acknowledged: the limit of 1 binds the client (a refusal is recorded above).
                if (settingsAcks >= 2) servedUnderLimit = true;
                if (fenced) {
                    calledAfterFence = true;
                    run.record(1, Status.FAILED, "stream " + h.streamId() + " opened on " + name
                            + " after the client acknowledged the PING behind our GOAWAY");
                }
            }
            default -> { }
        }
    }

    private void sent(Frame f) {
        if (f instanceof GoAwayFrame) goAwayWritten = true;
        if (f instanceof PingFrame p && !p.ack() && goAwayWritten && fencePing == null) fencePing = p.opaqueData();
    }

    private static List<HeaderField> responseHeaders() {
        return List.of(new HeaderField(":status", "200"), new HeaderField("content-type", "application/grpc"));
    }

    private static final List<HeaderField> TRAILERS = List.of(new HeaderField("grpc-status", "0"));
}
