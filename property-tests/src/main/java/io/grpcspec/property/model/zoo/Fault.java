package io.grpcspec.property.model.zoo;

import io.grpcspec.property.model.Driver;
import io.grpcspec.property.model.Machine;
import io.grpcspec.property.model.Side;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.driver.EndpointDriver.DriverStep;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.flow.ConnectionFlow;
import io.grpcspec.spec.keepalive.EnforcementPolicy;
import io.grpcspec.spec.keepalive.EnforcerState;
import io.grpcspec.spec.keepalive.PingerState;
import io.grpcspec.spec.stream.Stream;
import io.grpcspec.spec.stream.StreamConfig;
import io.grpcspec.spec.stream.StreamEvent;
import io.grpcspec.spec.stream.StreamTable;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seeded faults: each a small variant of the real endpoint machine or of the real driver that
 * changes what goes on the wire, what is delivered, or when timers run, emulated by wrapping
 * {@code Endpoints.step} ({@link Machine}) or {@code EndpointDriver.step} ({@link Driver});
 * production code is untouched. A wrapper rewrites the state, actions or effects the real step
 * produced into what the faulty variant would have produced.
 *
 * <p>No fault deletes a check: each makes a conforming endpoint misbehave, and the bug zoo
 * shows that a general check notices (a broken invariant, a deadlock, or a violation the
 * <em>other</em> endpoint reports), never a detector that expects the rule the fault breaks.
 */
public enum Fault {

    // ---------------------------------------------------------------- flow control

    /** The receiver writes WINDOW_UPDATEs with twice the increment it books. */
    WINDOW_UPDATE_INCREMENT_DOUBLED("WINDOW_UPDATE carries twice the credit the receiver booked") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            Step<Endpoint> step = real.step(side, before, event);
            if (step.isViolation()) return step;
            return Step.next(step.state(), rewriteFrames(step.actions(), f -> f instanceof WindowUpdateFrame u
                    && u.increment() <= Integer.MAX_VALUE / 2 ? new WindowUpdateFrame(u.streamId(), u.increment() * 2) : f));
        }
    },

    /** DATA on a closed stream is taken off the connection window but its credit never comes back. */
    CONNECTION_CREDIT_KEPT_FOR_CLOSED_STREAMS("connection credit of DATA on closed streams never returned") {
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

    /** A new peer INITIAL_WINDOW_SIZE applies to new streams only; open streams keep their send windows. */
    INITIAL_WINDOW_DELTA_NOT_APPLIED("INITIAL_WINDOW_SIZE change not applied to open streams") {
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

    /** Our lower INITIAL_WINDOW_SIZE shrinks our receive windows when sent, not when acknowledged. */
    SETTINGS_APPLIED_BEFORE_ACK("own SETTINGS applied before the peer's ACK") {
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

    // ---------------------------------------------------------------- streams, settings, ping, GOAWAY

    /** A RST_STREAM from the peer leaves the stream as it was instead of closing it. */
    STREAM_LIVES_ON_AFTER_RST_STREAM("stream not closed when the peer resets it") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            Step<Endpoint> step = real.step(side, before, event);
            if (step.isViolation() || !(frameOf(event) instanceof RstStreamFrame r)) return step;
            Stream was = before.streams().streams().get(r.streamId());
            StreamTable t = step.state().streams();
            if (was == null || t.streams().containsKey(r.streamId())) return step;
            Map<Integer, Stream> streams = new TreeMap<>(t.streams());
            streams.put(r.streamId(), was);
            return Step.next(withStreams(step.state(), withStreamMap(t, streams)), step.actions());
        }
    },

    /** The peer's SETTINGS are applied but never acknowledged. */
    SETTINGS_ACK_NOT_SENT("peer SETTINGS applied but not acknowledged") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            Step<Endpoint> step = real.step(side, before, event);
            if (step.isViolation() || !(frameOf(event) instanceof SettingsFrame s) || s.ack() || !before.ready()) return step;
            return Step.next(step.state(), dropFrames(step.actions(), f -> f instanceof SettingsFrame a && a.ack()));
        }
    },

    /** A PING from the peer is never answered. */
    PING_ACK_NOT_SENT("PING not answered") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            Step<Endpoint> step = real.step(side, before, event);
            if (step.isViolation() || !(frameOf(event) instanceof PingFrame p) || p.ack()) return step;
            return Step.next(step.state(), dropFrames(step.actions(), f -> f instanceof PingFrame a && a.ack()));
        }
    },

    /** Sending HEADERS or DATA no longer clears the server's ping strikes. */
    PING_STRIKES_NEVER_RESET("ping strikes not cleared by the server's HEADERS and DATA") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            Step<Endpoint> step = real.step(side, before, event);
            EnforcerState was = before.enforcer();
            if (step.isViolation() || was == null || step.state().enforcer() == null) return step;
            EnforcerState now = step.state().enforcer();
            if (now.strikes() >= was.strikes()) return step;
            return Step.next(withEnforcer(step.state(), new EnforcerState(now.policy(), now.phase(), now.activeStreams(),
                    was.strikes(), now.lastValidPingNanos())), step.actions());
        }
    },

    /** The server counts a PING that comes exactly at the permitted interval as a strike (> for >=). */
    PING_PERMIT_TIME_OFF_BY_ONE("a PING exactly at PERMIT_KEEPALIVE_TIME counts as a strike") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            Step<Endpoint> step = real.step(side, before, event);
            EnforcerState e = step.isViolation() ? null : step.state().enforcer();
            if (e == null || e.policy().minTimeNanos() != before.config().enforcement().minTimeNanos()) return step;
            EnforcementPolicy stricter = new EnforcementPolicy(e.policy().minTimeNanos() + 1, e.policy().permitWithoutStream());
            return Step.next(withEnforcer(step.state(), new EnforcerState(stricter, e.phase(), e.activeStreams(), e.strikes(),
                    e.lastValidPingNanos())), step.actions());
        }
    },

    /** The final GOAWAY's last-stream-id is one stream short: a stream the server processes is declared unprocessed. */
    GOAWAY_LAST_STREAM_ID_ONE_SHORT("GOAWAY last-stream-id one stream below the last one processed") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            Step<Endpoint> step = real.step(side, before, event);
            if (step.isViolation()) return step;
            return Step.next(step.state(), rewriteFrames(step.actions(), f -> f instanceof GoAwayFrame g
                    && g.lastStreamId() > 0 && g.lastStreamId() != Integer.MAX_VALUE
                    ? new GoAwayFrame(g.lastStreamId() - 2 < 0 ? 0 : g.lastStreamId() - 2, g.errorCode(), g.debugData()) : f));
        }
    },

    /** The peer's SETTINGS_MAX_CONCURRENT_STREAMS is not applied when it arrives: the client opens streams as if no limit had been announced. */
    PEER_MAX_CONCURRENT_STREAMS_IGNORED("peer MAX_CONCURRENT_STREAMS not applied on receipt") {
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
    },

    // ---------------------------------------------------------------- timers (machines)

    /** Opening a call does not tell the idle timer: the connection is drained as idle with a call open. */
    IDLE_TIMER_NOT_STOPPED_BY_CALLS("idle timer not stopped when a call opens") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            Step<Endpoint> step = real.step(side, before, event);
            if (step.isViolation() || before.manager() == null || step.state().manager() == null) return step;
            if (before.manager().activeStreams() != 0 || step.state().manager().activeStreams() == 0) return step;
            Endpoint e = step.state();
            Endpoint kept = new Endpoint(e.config(), e.connection(), e.assembler(), e.streams(), e.pinger(), e.enforcer(),
                    before.manager(), e.outbound(), e.sendCursor(), e.pingsOutstanding(), e.activeReported(), e.guard());
            return Step.next(kept, dropActions(step.actions(), a -> a instanceof Actions.CancelTimer c && c.timer() == Timer.MAX_CONNECTION_IDLE));
        }
    },

    /** After a keepalive PING is acknowledged the next KEEPALIVE_PING timer is never armed. */
    KEEPALIVE_NOT_REARMED_AFTER_ACK("keepalive timer not re-armed after the PING ACK") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            Step<Endpoint> step = real.step(side, before, event);
            if (step.isViolation() || !(frameOf(event) instanceof PingFrame p) || !p.ack()) return step;
            return Step.next(step.state(), dropActions(step.actions(), a -> a instanceof Actions.ArmTimer t && t.timer() == Timer.KEEPALIVE_PING));
        }
    },

    /** The keepalive timeout is not cancelled by the ACK, and when it fires it closes the connection anyway. */
    KEEPALIVE_TIMEOUT_NOT_CANCELLED("keepalive timeout not cancelled by the PING ACK") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            if (event instanceof EndpointEvent.TimerFired(Timer timer, int key, long now) && timer == Timer.KEEPALIVE_TIMEOUT
                    && before.pinger() != null && before.pinger().phase() == PingerState.Phase.WAITING) {
                PingerState p = before.pinger();
                PingerState stale = new PingerState(p.config(), PingerState.Phase.PING_SENT, p.activeCalls(), p.lastReadNanos(),
                        now - p.config().timeoutNanos(), p.pingsSent());
                return real.step(side, withPinger(before, stale), event);
            }
            Step<Endpoint> step = real.step(side, before, event);
            if (step.isViolation() || !(frameOf(event) instanceof PingFrame p) || !p.ack()) return step;
            return Step.next(step.state(), dropActions(step.actions(), a -> a instanceof Actions.CancelTimer t && t.timer() == Timer.KEEPALIVE_TIMEOUT));
        }
    },

    /** The end of MAX_CONNECTION_AGE_GRACE is ignored: the connection outlives its age limit. */
    AGE_GRACE_EXPIRY_IGNORED("max-age grace expiry ignored") {
        @Override
        Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
            if (event instanceof EndpointEvent.TimerFired t && t.timer() == Timer.MAX_CONNECTION_AGE_GRACE) return Step.next(before);
            return real.step(side, before, event);
        }
    },

    // ---------------------------------------------------------------- the driver

    /** The client frames its request HEADERS with a stream id one below the one its machine chose (after the first stream). */
    STREAM_ID_OFF_BY_ONE("request HEADERS framed on stream id - 1 after the first stream") {
        @Override
        DriverStep step(Driver real, Side side, DriverState before, EndpointEvent event) {
            DriverStep step = real.step(side, before, event);
            if (side != Side.CLIENT) return step;
            List<Effect> out = new ArrayList<>();
            for (Effect e : step.effects()) {
                if (e instanceof Effect.WriteBlock(int id, List<Frame> frames) && id > 1) {
                    List<Frame> moved = new ArrayList<>();
                    for (Frame f : frames) {
                        if (f instanceof HeadersFrame h) moved.add(new HeadersFrame(id - 1, h.fragment(), h.endStream(), h.endHeaders()));
                        else if (f instanceof ContinuationFrame c) moved.add(new ContinuationFrame(id - 1, c.fragment(), c.endHeaders()));
                        else moved.add(f);
                    }
                    out.add(new Effect.WriteBlock(id - 1, moved));
                } else {
                    out.add(e);
                }
            }
            return new DriverStep(step.state(), out);
        }
    },

    /** The driver keeps its HPACK encoder's table size when the peer announces a smaller SETTINGS_HEADER_TABLE_SIZE. */
    HPACK_TABLE_SIZE_UPDATE_DROPPED("encoder ignores the peer's HEADER_TABLE_SIZE") {
        @Override
        DriverStep step(Driver real, Side side, DriverState before, EndpointEvent event) {
            DriverStep step = real.step(side, before, event);
            if (!(frameOf(event) instanceof SettingsFrame s) || s.ack()
                    || s.settings().stream().noneMatch(x -> x.id() == SettingId.HEADER_TABLE_SIZE)) return step;
            DriverState d = step.state();
            return new DriverStep(new DriverState(d.endpoint(), before.encoder(), d.decoder(), d.timers()), step.effects());
        }
    },

    /** The driver writes a step's header blocks before its DATA frames: trailers overtake the data queued before them. */
    TRAILERS_OVERTAKE_DATA("header blocks written ahead of the DATA of the same step") {
        @Override
        DriverStep step(Driver real, Side side, DriverState before, EndpointEvent event) {
            DriverStep step = real.step(side, before, event);
            List<Effect> blocks = new ArrayList<>();
            List<Effect> rest = new ArrayList<>();
            int firstData = -1;
            for (Effect e : step.effects()) {
                if (e instanceof Effect.WriteBlock && firstData >= 0) blocks.add(e);
                else {
                    if (firstData < 0 && e instanceof Effect.WriteFrame(DataFrame d)) firstData = rest.size();
                    rest.add(e);
                }
            }
            if (blocks.isEmpty()) return step;
            rest.addAll(firstData, blocks);
            return new DriverStep(step.state(), rest);
        }
    },

    /** The driver does not decode the header blocks the machine discards (a stream we reset): HPACK tables drift apart. */
    DISCARDED_BLOCK_NOT_DECODED("header blocks of reset streams not decoded") {
        @Override
        DriverStep step(Driver real, Side side, DriverState before, EndpointEvent event) {
            DriverStep step = real.step(side, before, event);
            if (!(frameOf(event) instanceof HeadersFrame)) return step;
            if (step.effects().stream().anyMatch(e -> e instanceof Effect.Headers || e instanceof Effect.PeerViolation)) return step;
            DriverState d = step.state();
            return new DriverStep(new DriverState(d.endpoint(), d.encoder(), before.decoder(), d.timers()), step.effects());
        }
    },

    /** The driver keeps the timers of a connection that closed. */
    TIMERS_KEPT_AFTER_CLOSE("timers survive the connection's close") {
        @Override
        DriverStep step(Driver real, Side side, DriverState before, EndpointEvent event) {
            DriverStep step = real.step(side, before, event);
            DriverState d = step.state();
            if (!d.endpoint().closed() || before.endpoint().closed() || before.timers().isEmpty()) return step;
            return new DriverStep(new DriverState(d.endpoint(), d.encoder(), d.decoder(), before.timers()), step.effects());
        }
    },

    /** The driver ignores CancelTimer: cancelled timers stay booked. */
    CANCEL_TIMER_IGNORED("cancelled timers stay armed") {
        @Override
        DriverStep step(Driver real, Side side, DriverState before, EndpointEvent event) {
            DriverStep step = real.step(side, before, event);
            DriverState d = step.state();
            if (d.endpoint().closed()) return step;
            Map<DriverState.TimerKey, Long> timers = new HashMap<>(d.timers());
            boolean changed = false;
            for (Effect e : step.effects()) {
                if (e instanceof Effect.CancelTimer(Timer timer, int key)) {
                    DriverState.TimerKey k = new DriverState.TimerKey(timer, key);
                    Long was = before.timers().get(k);
                    if (was != null && !timers.containsKey(k)) {
                        timers.put(k, was);
                        changed = true;
                    }
                }
            }
            return changed ? new DriverStep(new DriverState(d.endpoint(), d.encoder(), d.decoder(), timers), step.effects()) : step;
        }
    };

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The faulty driver: the real driver with this fault, in its machine or in itself. */
    public Driver driver() {
        Driver machineLevel = Driver.of((side, state, event) -> step(Machine.REAL, side, state, event));
        return (side, state, event) -> step(machineLevel, side, state, event);
    }

    /** A machine fault: the faulty variant of {@code real}'s step (the default: none). */
    Step<Endpoint> step(Machine real, Side side, Endpoint before, EndpointEvent event) {
        return real.step(side, before, event);
    }

    /** A driver fault: the faulty variant of {@code real}'s step (the default: none). */
    DriverStep step(Driver real, Side side, DriverState before, EndpointEvent event) {
        return real.step(side, before, event);
    }

    // ---------------------------------------------------------------- helpers

    static Frame frameOf(EndpointEvent e) {
        return e instanceof EndpointEvent.FrameReceived f ? f.frame() : null;
    }

    static List<Action> rewriteFrames(List<Action> actions, java.util.function.UnaryOperator<Frame> rewrite) {
        List<Action> out = new ArrayList<>(actions.size());
        for (Action a : actions) out.add(a instanceof Actions.WriteFrame w ? new Actions.WriteFrame(rewrite.apply(w.frame())) : a);
        return out;
    }

    static List<Action> dropFrames(List<Action> actions, java.util.function.Predicate<Frame> drop) {
        return dropActions(actions, a -> a instanceof Actions.WriteFrame w && drop.test(w.frame()));
    }

    static List<Action> dropActions(List<Action> actions, java.util.function.Predicate<Action> drop) {
        List<Action> out = new ArrayList<>(actions.size());
        for (Action a : actions) if (!drop.test(a)) out.add(a);
        return out;
    }

    static Endpoint withStreams(Endpoint e, StreamTable t) {
        return new Endpoint(e.config(), e.connection(), e.assembler(), t, e.pinger(), e.enforcer(), e.manager(),
                e.outbound(), e.sendCursor(), e.pingsOutstanding(), e.activeReported(), e.guard());
    }

    static Endpoint withEnforcer(Endpoint e, EnforcerState s) {
        return new Endpoint(e.config(), e.connection(), e.assembler(), e.streams(), e.pinger(), s, e.manager(),
                e.outbound(), e.sendCursor(), e.pingsOutstanding(), e.activeReported(), e.guard());
    }

    static Endpoint withPinger(Endpoint e, PingerState p) {
        return new Endpoint(e.config(), e.connection(), e.assembler(), e.streams(), p, e.enforcer(), e.manager(),
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
