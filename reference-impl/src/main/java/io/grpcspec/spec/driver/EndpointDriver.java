package io.grpcspec.spec.driver;

import io.grpcspec.hpack.DecodeResult;
import io.grpcspec.hpack.DecoderState;
import io.grpcspec.hpack.EncoderState;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.codec.HpackErrors;
import io.grpcspec.spec.connection.ConnectionAction;
import io.grpcspec.spec.connection.ConnectionActions;
import io.grpcspec.spec.connection.SettingsChange;
import io.grpcspec.spec.driver.DriverState.TimerKey;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.EndpointAction;
import io.grpcspec.spec.endpoint.EndpointActions;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.endpoint.EndpointOutput;
import io.grpcspec.spec.endpoint.Endpoints;
import io.grpcspec.spec.stream.StreamAction;
import io.grpcspec.spec.stream.StreamActions;
import io.grpcspec.wire.Bytes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one interpreter of the composed endpoint machine's actions, shared by the socket transport
 * and the model checker: what is model-checked is what runs. A pure step
 * {@code (DriverState, EndpointEvent) -> DriverStep}: the machine's actions become
 * {@link Effect}s (bytes to write, deliveries, timers, close), and what they imply below the
 * machine happens here, in spec code:
 * <ul>
 *   <li>a header list the machine writes is HPACK-encoded at that moment (so encoding order is
 *       wire order, also when trailers waited behind DATA) and cut into HEADERS + CONTINUATION
 *       frames at the peer's SETTINGS_MAX_FRAME_SIZE as the machine knows it, as one write;</li>
 *   <li>a received block is HPACK-decoded when the machine delivers or discards it, in wire
 *       order; a failure comes back to the machine as {@code PeerError} with the rule, code and
 *       scope {@link HpackErrors} chooses (a list over our limit: HP-14, a stream error; anything
 *       else: a COMPRESSION_ERROR connection error), stepped before the next event;</li>
 *   <li>settings that took effect resize the HPACK tables and the reader's frame limit;</li>
 *   <li>timers are booked with their due times; a {@code TimerFired} for a timer not armed, or
 *       re-armed to a later time since, is dropped, so whoever runs the clock needs no
 *       bookkeeping of its own; a close drops every timer;</li>
 *   <li>a local request the machine refuses ends in {@link Effect.Refused} with the violation;
 *       a peer's violation is answered through the machine's {@code recover}; a peer fault the
 *       machine answered the robust way is reported as {@link Effect.PeerTolerated}.</li>
 * </ul>
 * Writes after the connection closed are not emitted: nothing more reaches the byte stream.
 */
public final class EndpointDriver {

    /** The result of one step: the next state and the effects to perform, in order. */
    public record DriverStep(DriverState state, List<Effect> effects) {
        public DriverStep {
            effects = List.copyOf(effects);
        }
    }

    private final EndpointMachine machine;

    /** A driver of the specification's machine. */
    public EndpointDriver() {
        this(EndpointMachine.SPEC);
    }

    /** A driver of {@code machine} (the bug zoo's faulty variants). */
    public EndpointDriver(EndpointMachine machine) {
        this.machine = machine;
    }

    /**
     * The state before {@code Start}: the machine's initial state, HPACK at the HTTP/2 start
     * (table size 4096; the decoder's header-list limit is the one we announce), no timers.
     */
    public static DriverState initial(EndpointConfig config) {
        return new DriverState(Endpoints.initial(config), EncoderState.initial(),
                DecoderState.initial(config.connection().settings().maxHeaderListSize()), Map.of());
    }

    /** Steps {@code event} and every follow-up event it raises, each to completion before the next. */
    public DriverStep step(DriverState state, EndpointEvent event) {
        return new Run(state).run(event);
    }

    /** One step under construction: the state's parts and the effects so far. */
    private final class Run {
        private Endpoint endpoint;
        private EncoderState encoder;
        private DecoderState decoder;
        /** The state's (frozen) timers until this step arms or cancels one, then a copy ({@link #timersToChange}). */
        private Map<TimerKey, Long> timers;
        private boolean timersChanged;
        private final List<Effect> effects = new ArrayList<>();
        private final ArrayDeque<EndpointEvent> followUps = new ArrayDeque<>();
        private boolean writerClosed;
        private long now;

        Run(DriverState s) {
            this.endpoint = s.endpoint();
            this.encoder = s.encoder();
            this.decoder = s.decoder();
            this.timers = s.timers();
            this.writerClosed = s.endpoint().closed();
        }

        /** The timers as a map this step may change: copied from the state's on first use. */
        private Map<TimerKey, Long> timersToChange() {
            if (!timersChanged) {
                timers = new HashMap<>(timers);
                timersChanged = true;
            }
            return timers;
        }

        DriverStep run(EndpointEvent first) {
            followUps.add(first);
            while (!followUps.isEmpty()) one(followUps.poll());
            return new DriverStep(new DriverState(endpoint, encoder, decoder, timers), effects);
        }

        private void one(EndpointEvent event) {
            now = event.nowNanos();
            if (event instanceof EndpointEvent.TimerFired(var timer, int key, long at)) {
                TimerKey k = new TimerKey(timer, key);
                Long due = timers.get(k);
                if (due == null || at < due) return; // cancelled, or re-armed to a later time since
                timersToChange().remove(k);
            }
            Step<Endpoint> step = machine.step(endpoint, event);
            if (step instanceof Step.Violated<Endpoint>(Violation v)) {
                if (Endpoints.isLocal(event)) {
                    effects.add(new Effect.Refused(event, v)); // the caller's request; nothing changed
                    return;
                }
                step = machine.recover(endpoint, event, v);
            }
            Step.Next<Endpoint> next = (Step.Next<Endpoint>) step; // recover never returns a violation
            endpoint = next.state();
            for (Action a : next.actions()) perform(EndpointOutput.of(a));
        }

        /** Every family the composed machine emits ({@link EndpointOutput}: the compiler checks this switch). */
        private void perform(EndpointOutput out) {
            switch (out) {
                case EndpointOutput.Shared(var x) -> shared(x);
                case EndpointOutput.Connection(var x) -> connection(x);
                case EndpointOutput.Stream(var x) -> stream(x);
                case EndpointOutput.KeepaliveBroken(var x) -> effects.add(new Effect.ConnectionBroken(x.description()));
                case EndpointOutput.Composed(var x) -> endpointAction(x);
            }
        }

        private void shared(Actions.Shared a) {
            switch (a) {
                case Actions.WriteFrame(var frame) -> write(new Effect.WriteFrame(frame));
                case Actions.ArmTimer(var timer, int key, long delay) -> {
                    long due = delay == Long.MAX_VALUE || now > Long.MAX_VALUE - delay ? Long.MAX_VALUE : now + delay;
                    timersToChange().put(new TimerKey(timer, key), due);
                    effects.add(new Effect.ArmTimer(timer, key, delay));
                }
                case Actions.CancelTimer(var timer, int key) -> {
                    if (timers.containsKey(new TimerKey(timer, key))) timersToChange().remove(new TimerKey(timer, key));
                    effects.add(new Effect.CancelTimer(timer, key));
                }
                case Actions.CloseConnection(String reason) -> {
                    if (!timers.isEmpty()) timersToChange().clear(); // a closing step lists no cancellations: every timer goes
                    write(new Effect.Close(reason));
                    writerClosed = true;
                }
                case Actions.PeerTolerated(Violation v) -> effects.add(new Effect.PeerTolerated(v));
            }
        }

        private void connection(ConnectionAction a) {
            switch (a) {
                case ConnectionActions.WritePreface w -> write(new Effect.WritePreface());
                case ConnectionActions.HandshakeComplete h -> effects.add(new Effect.Ready());
                case ConnectionActions.PeerGoingAway(int last, long code, Bytes debug) ->
                        effects.add(new Effect.GoingAway(last, code, debug));
                case ConnectionActions.StreamsNotProcessed(List<Integer> ids) -> effects.add(new Effect.NotProcessed(ids));
                case ConnectionActions.IgnoreStream i -> { } // the machine drops that stream's frames itself
                case SettingsChange.PeerSettingsApplied p -> {
                    // The peer's table size binds our encoder; its frame size is read from the
                    // machine whenever a block is cut.
                    if (p.headerTableSizeChanged()) encoder = encoder.withMaxTableSize(p.after().headerTableSize());
                }
                case SettingsChange.LocalSettingsAcknowledged l -> {
                    if (l.headerTableSizeChanged()) {
                        decoder = decoder.withMaxTableSize((int) Math.min(Integer.MAX_VALUE, l.after().headerTableSize()));
                    }
                    decoder = decoder.withMaxHeaderListSize(l.after().maxHeaderListSize());
                    if (l.maxFrameSizeChanged()) effects.add(new Effect.ReadLimit((int) l.after().maxFrameSize()));
                }
            }
        }

        private void stream(StreamAction a) {
            switch (a) {
                case StreamActions.WriteHeaders(int id, var fields, boolean end) -> {
                    EncoderState.Encoded e = encoder.encode(fields);
                    encoder = e.state();
                    int max = (int) Math.min(endpoint.remoteSettings().maxFrameSize(), Integer.MAX_VALUE);
                    write(new Effect.WriteBlock(id, HeaderBlockFrames.split(id, e.block(), end, max)));
                }
                case StreamActions.DeliverHeaders(int id, Bytes block, boolean end, boolean trailers) -> {
                    switch (decode(block)) {
                        case DecodeResult.Fields(var fields) -> effects.add(new Effect.Headers(id, fields, end, trailers));
                        case DecodeResult.ListTooLarge big -> peerError(HpackErrors.listTooLarge(big, id));
                        case DecodeResult.Failed(var error) -> peerError(HpackErrors.violation(error));
                    }
                }
                // Blocks of streams we reset or forgot, and pushes (a gRPC client never enables
                // them), are decoded only to keep the tables in sync.
                case StreamActions.DiscardHeaders(int id, Bytes block) -> decodeAndDrop(block);
                case StreamActions.DeliverPushPromise(int id, int promised, Bytes block) -> decodeAndDrop(block);
                case StreamActions.DeliverData(int id, Bytes data, boolean end) -> effects.add(new Effect.Data(id, data, end));
                case StreamActions.PeerReset(int id, long code) -> effects.add(new Effect.PeerReset(id, code));
                case StreamActions.StreamClosed(int id, var how) -> effects.add(new Effect.StreamClosed(id, how));
            }
        }

        private void endpointAction(EndpointAction a) {
            switch (a) {
                case EndpointActions.StreamStarted(int id) -> effects.add(new Effect.StreamStarted(id));
                case EndpointActions.Pending(int id, int bytes) -> effects.add(new Effect.Pending(id, bytes));
                case EndpointActions.PeerViolation(Violation v) -> effects.add(new Effect.PeerViolation(v));
                case EndpointActions.PingAcked(long payload) -> effects.add(new Effect.PingAcked(payload));
            }
        }

        private DecodeResult decode(Bytes block) {
            DecoderState.Decoded d = decoder.decode(block);
            decoder = d.state();
            return d.result();
        }

        private void decodeAndDrop(Bytes block) {
            if (decode(block) instanceof DecodeResult.Failed(var error)) peerError(HpackErrors.violation(error));
        }

        private void peerError(Violation v) {
            followUps.add(new EndpointEvent.PeerError(v, now));
        }

        /** Nothing reaches the byte stream once it is closed (ConnectionRules CONN-9). */
        private void write(Effect e) {
            if (!writerClosed) effects.add(e);
        }
    }
}
