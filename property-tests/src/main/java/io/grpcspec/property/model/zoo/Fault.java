package io.grpcspec.property.model.zoo;

import io.grpcspec.property.model.Machine;
import io.grpcspec.property.model.Side;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.flow.ConnectionFlow;
import io.grpcspec.spec.keepalive.EnforcerState;
import io.grpcspec.spec.stream.Stream;
import io.grpcspec.spec.stream.StreamConfig;
import io.grpcspec.spec.stream.StreamEvent;
import io.grpcspec.spec.stream.StreamTable;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.spec.Rule;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seeded faults: each a small variant of the real endpoint machine, emulated by wrapping
 * {@code Endpoints.step} (production code is untouched). A wrapper either rewrites the state
 * or actions the real step produced into what the faulty variant would have produced, or
 * removes a check (the faulty variant accepts, and drops, a frame the real one rejects).
 * Each fault names the rule it breaks; the bug-zoo test shows each one caught.
 */
public enum Fault {

    /** FC-9: DATA on a closed stream is taken off the connection window but its credit never comes back. */
    CONNECTION_CREDIT_KEPT_FOR_CLOSED_STREAMS("FC-9",
            "receiver never returns connection credit for DATA on closed streams") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            Step<Endpoint> step = real.step(side, before, event);
            if (step.isViolation() || !(frameOf(event) instanceof DataFrame d)) return step;
            if (before.streams().streams().containsKey(d.streamId()) || !before.ready()) return step;
            StreamTable t = step.state().streams();
            ConnectionFlow kept = t.flow().withReceive(before.streams().flow().receive().received(d.flowControlledLength()));
            List<Action> acts = new ArrayList<>();
            for (Action a : step.actions()) {
                if (!(a instanceof Actions.WriteFrame w && w.frame() instanceof WindowUpdateFrame u && u.streamId() == 0)) acts.add(a);
            }
            return Step.next(withStreams(step.state(), withFlow(t, kept)), acts);
        }
    },

    /** FC-5: a new peer INITIAL_WINDOW_SIZE applies to new streams only; open streams keep their send windows. */
    INITIAL_WINDOW_DELTA_NOT_APPLIED("FC-5",
            "INITIAL_WINDOW_SIZE delta not applied to open streams") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            Step<Endpoint> step = real.step(side, before, event);
            if (step.isViolation() || !(frameOf(event) instanceof SettingsFrame s) || s.ack()) return step;
            if (s.settings().stream().noneMatch(x -> x.id() == SettingId.INITIAL_WINDOW_SIZE)) return step;
            StreamTable t = step.state().streams();
            Map<Integer, Stream> streams = new TreeMap<>(t.streams());
            for (Stream old : before.streams().streams().values()) {
                Stream now = streams.get(old.id());
                if (now != null) streams.put(old.id(), now.withFlow(now.flow().withSend(old.flow().send())));
            }
            return Step.next(withStreams(step.state(), withStreamMap(t, streams)), step.actions());
        }
    },

    /** FC-10 / SET-10: our lower INITIAL_WINDOW_SIZE shrinks our receive windows when sent, not when acknowledged. */
    SETTINGS_APPLIED_BEFORE_ACK("FC-10", "SETTINGS applied before the peer's ACK") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            Step<Endpoint> step = real.step(side, before, event);
            if (step.isViolation() || !(event instanceof EndpointEvent.ChangeSettings c)) return step;
            for (Setting s : c.settings()) {
                if (s.id() != SettingId.INITIAL_WINDOW_SIZE) continue;
                Step<StreamTable> early = step.state().streams().on(new StreamEvent.LocalInitialWindowSizeAcked((int) s.value()));
                if (early.isViolation()) return step;
                return Step.next(withStreams(step.state(), early.state()), step.actions());
            }
            return step;
        }
    },

    /** STR-10: a new stream with an identifier below one already used is accepted. */
    STREAM_ID_MONOTONICITY_UNCHECKED("STR-10", "stream-ID monotonicity unchecked") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            return withoutCheck(real, side, before, event, rule());
        }
    },

    /** HB-1: a frame inside an unfinished header block is processed instead of rejected. */
    CONTINUATION_INTERLEAVING_ALLOWED("HB-1", "CONTINUATION interleaving allowed") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            return withoutCheck(real, side, before, event, rule());
        }
    },

    /** FC-1: WINDOW_UPDATE with increment 0 is accepted. */
    WINDOW_UPDATE_ZERO_ACCEPTED("FC-1", "WINDOW_UPDATE 0 accepted") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            return withoutCheck(real, side, before, event, rule());
        }
    },

    /** KA-12: sending HEADERS or DATA no longer clears the server's ping strikes. */
    PING_STRIKES_NEVER_RESET("KA-12", "ping strikes never reset") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            Step<Endpoint> step = real.step(side, before, event);
            EnforcerState was = before.enforcer();
            if (step.isViolation() || was == null || step.state().enforcer() == null) return step;
            EnforcerState now = step.state().enforcer();
            if (now.strikes() >= was.strikes()) return step;
            EnforcerState kept = new EnforcerState(now.policy(), now.phase(), now.activeStreams(), was.strikes(), now.lastValidPingNanos());
            Endpoint e = step.state();
            return Step.next(new Endpoint(e.config(), e.connection(), e.assembler(), e.streams(), e.pinger(), kept,
                    e.manager(), e.outbound(), e.sendCursor(), e.pingsOutstanding(), e.activeReported(), e.guard()), step.actions());
        }
    },

    /** GA-5: a GOAWAY raising the last-stream-id of an earlier one is accepted. */
    GOAWAY_ID_INCREASE_ACCEPTED("GA-5", "GOAWAY last-stream-id allowed to increase") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            return withoutCheck(real, side, before, event, rule());
        }
    },

    /** FC-4: only the data of a padded DATA frame is counted against the windows, not the padding. */
    PADDING_NOT_COUNTED("FC-4", "padding not counted against flow control") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            if (frameOf(event) instanceof DataFrame d && d.padded()) {
                return real.step(side, before, new EndpointEvent.FrameReceived(
                        new DataFrame(d.streamId(), d.data(), d.endStream()), event.nowNanos()));
            }
            return real.step(side, before, event);
        }
    },

    /** STR-2: DATA after the peer's END_STREAM is accepted (a duplicated last frame goes unnoticed). */
    DATA_AFTER_END_STREAM_ACCEPTED("STR-2", "DATA after END_STREAM accepted") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            return withoutCheck(real, side, before, event, rule());
        }
    },

    /** SET-6: SETTINGS_MAX_FRAME_SIZE outside 16384..16777215 is accepted. */
    MAX_FRAME_SIZE_RANGE_UNCHECKED("SET-6", "MAX_FRAME_SIZE range unchecked") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            return withoutCheck(real, side, before, event, rule());
        }
    },

    /**
     * STR-14: the peer's SETTINGS_MAX_CONCURRENT_STREAMS is not applied when it arrives (the
     * sender keeps opening streams as if no limit had been announced).
     */
    PEER_MAX_CONCURRENT_STREAMS_IGNORED("STR-14", "peer MAX_CONCURRENT_STREAMS not applied on receipt") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            Step<Endpoint> step = real.step(side, before, event);
            if (step.isViolation()) return step;
            StreamTable t = step.state().streams();
            if (t.peerMaxConcurrentStreams() == StreamConfig.UNLIMITED) return step;
            StreamTable unlimited = new StreamTable(t.config(), t.flow(), t.streams(), t.closed(), t.highestLocalId(),
                    t.highestPeerId(), t.localMaxConcurrentStreams(), StreamConfig.UNLIMITED);
            return Step.next(withStreams(step.state(), unlimited), step.actions());
        }
    };

    private final Rule rule;
    private final String description;

    /**
     * Rules are looked up by id, not referenced as constants, so that the rule index does not
     * list this test-only class among the places that enforce them.
     */
    Fault(String ruleId, String description) {
        this.rule = java.util.Objects.requireNonNull(io.grpcspec.oracle.RuleCatalogue.byId(ruleId), ruleId);
        this.description = description;
    }

    /** The rule the faulty variant breaks. */
    public Rule rule() {
        return rule;
    }

    public String description() {
        return description;
    }

    /** The faulty machine: {@code real} with this fault. */
    public Machine machine(Machine real) {
        return (side, state, event) -> step(real, side, state, event);
    }

    /** The faulty variant of the production machine. */
    public Machine machine() {
        return machine(Machine.REAL);
    }

    abstract Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event);

    // ---------------------------------------------------------------- helpers

    static Frame frameOf(EndpointEvent e) {
        return e instanceof EndpointEvent.FrameReceived f ? f.frame() : null;
    }

    /** The variant without the check for {@code rule}: the frame it would reject is dropped instead. */
    static Step<Endpoint> withoutCheck(Machine real, Side side, Endpoint before, EndpointEvent event, Rule rule) {
        Step<Endpoint> step = real.step(side, before, event);
        if (step.isViolation() && step.violation().rule().equals(rule)) return Step.next(before);
        return step;
    }

    static Endpoint withStreams(Endpoint e, StreamTable t) {
        return new Endpoint(e.config(), e.connection(), e.assembler(), t, e.pinger(), e.enforcer(), e.manager(),
                e.outbound(), e.sendCursor(), e.pingsOutstanding(), e.activeReported(), e.guard());
    }

    static StreamTable withFlow(StreamTable t, ConnectionFlow f) {
        return new StreamTable(t.config(), f, t.streams(), t.closed(), t.highestLocalId(), t.highestPeerId(),
                t.localMaxConcurrentStreams(), t.peerMaxConcurrentStreams());
    }

    static StreamTable withStreamMap(StreamTable t, Map<Integer, Stream> streams) {
        return new StreamTable(t.config(), t.flow(), streams, t.closed(), t.highestLocalId(), t.highestPeerId(),
                t.localMaxConcurrentStreams(), t.peerMaxConcurrentStreams());
    }

}
