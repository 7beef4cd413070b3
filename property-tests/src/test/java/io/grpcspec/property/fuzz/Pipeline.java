package io.grpcspec.property.fuzz;

import io.grpcspec.spec.Scope;
import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.driver.EndpointDriver;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.stream.HeaderBlockAssembler;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.Preface;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * The server's whole receive path without a socket, as the transport runs it: a byte stream
 * through the {@link FrameReader} into the {@link EndpointDriver} (the composed machine, HPACK
 * both ways, timers), with a small application on top that answers, resets or leaves the calls
 * it gets and reports them finished. Fast enough for a million inputs; deterministic.
 *
 * <p>Checks after every step (a failure is a {@link Finding}): nothing throws; nothing is written
 * after the close; every connection error the machine reports ends in a GOAWAY or a close in the
 * same step; the memory the limits bound stays bounded (closed streams remembered, an unfinished
 * header block, the run without progress, calls in progress). At the end of the input the peer
 * closes: the machine must then hold nothing — no timer, no call, nothing queued (a leak otherwise).
 */
final class Pipeline {

    /** A fuzzing result that is not a pass. */
    static final class Finding extends AssertionError {
        final String kind;

        Finding(String kind, String message) {
            super(kind + ": " + message);
            this.kind = kind;
        }

        Finding(String kind, String message, Throwable cause) {
            super(kind + ": " + message, cause);
            this.kind = kind;
        }
    }

    private static final List<HeaderField> RESPONSE = List.of(new HeaderField(":status", "200"),
            new HeaderField("content-type", "application/grpc"));
    private static final List<HeaderField> TRAILERS = List.of(new HeaderField("grpc-status", "0"));
    private static final long SECOND = 1_000_000_000L;

    private final EndpointDriver driver = new EndpointDriver();
    private final EndpointConfig config = EndpointConfig.server();
    private DriverState state;
    private long now;
    private boolean closed;
    private int steps;
    private final ArrayDeque<EndpointEvent> app = new ArrayDeque<>();

    /** Runs one input; returns the number of frames the reader produced. */
    static int run(byte[] input) {
        return new Pipeline().feed(input);
    }

    private int feed(byte[] input) {
        long started = System.nanoTime();
        state = EndpointDriver.initial(config);
        step(new EndpointEvent.Start(now, 0));
        step(new EndpointEvent.PrefaceReceived(Preface.CLIENT, now));
        FrameReader reader = new FrameReader(new ByteArrayInputStream(input));
        this.reader = reader;
        int frames = 0;
        try {
            while (!closed) {
                if (System.nanoTime() - started > 5 * SECOND) throw new Finding("hang", "5 s on one input of " + input.length + " octets");
                if (state.endpoint().readingPaused()) finishOneCall(); // the application frees a call, as the transport waits for
                Frame f;
                try {
                    f = reader.readFrame();
                } catch (FrameException e) {
                    step(new EndpointEvent.FrameRejected(e.error(), now));
                    if (!e.kind().resumable()) break;
                    continue;
                }
                if (f == null) break;
                frames++;
                step(new EndpointEvent.FrameReceived(f, now));
                if (frames % 16 == 0) advance(SECOND); // time passes: timers fire
            }
        } catch (IOException e) {
            throw new Finding("crash", "reading from memory failed: " + e, e);
        }
        step(new EndpointEvent.PeerClosed("end of input", now));
        advance(200 * SECOND); // anything still armed fires (or is gone)
        Endpoint e = state.endpoint();
        if (!e.closed()) throw new Finding("leak", "the connection is open after the peer closed");
        if (!state.timers().isEmpty()) throw new Finding("leak", "timers armed after the close: " + state.timers());
        if (e.callsInProgress() != 0) throw new Finding("leak", e.callsInProgress() + " calls in progress after the close");
        if (!e.outbound().isEmpty()) throw new Finding("leak", "data still queued after the close: " + e.outbound().keySet());
        return frames;
    }

    private FrameReader reader;

    private void step(EndpointEvent first) {
        app.add(first);
        while (!app.isEmpty()) {
            EndpointEvent event = app.poll();
            if (++steps > 1_000_000) throw new Finding("hang", "more than a million steps");
            EndpointDriver.DriverStep s;
            try {
                s = driver.step(state, event);
            } catch (RuntimeException ex) {
                throw new Finding("crash", "the driver threw on " + event, ex);
            }
            boolean wasClosed = state.endpoint().closed();
            state = s.state();
            check(event, s.effects(), wasClosed);
        }
    }

    private void check(EndpointEvent event, List<Effect> effects, boolean wasClosed) {
        boolean connectionError = false;
        boolean answered = false;
        for (Effect e : effects) {
            switch (e) {
                case Effect.WriteFrame(Frame f) -> {
                    if (wasClosed) throw new Finding("crash", "wrote " + f + " after the close, on " + event);
                    if (f instanceof GoAwayFrame) answered = true;
                }
                case Effect.WriteBlock w -> {
                    if (wasClosed) throw new Finding("crash", "wrote a header block after the close, on " + event);
                }
                case Effect.WritePreface p -> throw new Finding("crash", "a server wrote the client preface");
                case Effect.Close c -> {
                    closed = true;
                    answered = true;
                }
                case Effect.ReadLimit(int max) -> reader.maxFrameSize(max);
                case Effect.PeerViolation v -> {
                    if (v.violation().scope() == Scope.CONNECTION) connectionError = true;
                }
                case Effect.Headers(int id, var fields, boolean end, boolean trailers) -> {
                    if (!trailers) answer(id);
                }
                case Effect.Data(int id, Bytes data, boolean end) -> {
                    if (!data.isEmpty()) app.add(new EndpointEvent.Consumed(id, data.length(), now));
                }
                case Effect.StreamClosed(int id, var how) -> app.add(new EndpointEvent.CallFinished(id, now));
                case Effect.PeerTolerated x -> { } // a dropped frame with the connection kept: the robust answer
                case Effect.Refused r -> { } // the application asked for something the state no longer allows: fine
                case Effect.ArmTimer x -> { }
                case Effect.CancelTimer x -> { }
                case Effect.Ready x -> { }
                case Effect.PeerReset x -> { }
                case Effect.GoingAway x -> { }
                case Effect.NotProcessed x -> { }
                case Effect.PingAcked x -> { }
                case Effect.ConnectionBroken x -> { }
                case Effect.StreamStarted x -> { }
                case Effect.Pending x -> { }
            }
        }
        if (connectionError && !answered && !wasClosed) throw new Finding("crash", "a connection error without GOAWAY or close, on " + event);
        Endpoint e = state.endpoint();
        if (e.streams().closed().entries().size() > e.streams().closed().capacity()) throw new Finding("leak", "closed-stream memory over its bound");
        HeaderBlockAssembler a = e.assembler();
        if (a.pending() != null && (a.pending().length() > a.limits().maxBytes() || a.pending().frames() > a.limits().maxFrames())) {
            throw new Finding("leak", "an unfinished header block over its bound");
        }
        if (e.guard().noProgress() > e.config().limits().maxNoProgressFrames()) throw new Finding("leak", "no-progress run over its bound");
    }

    /** The application's answer to a new call, chosen by its stream ID so the run is deterministic. */
    private void answer(int id) {
        switch (id % 7) {
            case 1, 3 -> {
                app.add(new EndpointEvent.SendHeaders(id, RESPONSE, false, now));
                app.add(new EndpointEvent.SendData(id, FuzzInputs.message(id % 50), false, now));
                app.add(new EndpointEvent.SendHeaders(id, TRAILERS, true, now));
            }
            case 5 -> app.add(new EndpointEvent.ResetStream(id, ErrorCode.CANCEL, now));
            case 0 -> app.add(new EndpointEvent.SendHeaders(id, TRAILERS, true, now)); // trailers-only
            default -> { } // left open: finished when its stream closes
        }
    }

    private void finishOneCall() {
        Integer first = state.endpoint().guard().calls().first();
        step(new EndpointEvent.CallFinished(first, now));
    }

    /** Moves the clock and fires every timer that falls due, in due order. */
    private void advance(long nanos) {
        long until = now + nanos;
        while (!state.timers().isEmpty()) {
            Map.Entry<DriverState.TimerKey, Long> due = null;
            for (Map.Entry<DriverState.TimerKey, Long> t : state.timers().entrySet()) {
                if (t.getValue() <= until && (due == null || t.getValue() < due.getValue())) due = t;
            }
            if (due == null) break;
            now = Math.max(now, due.getValue());
            step(new EndpointEvent.TimerFired(due.getKey().timer(), due.getKey().key(), now));
        }
        now = until;
    }
}
