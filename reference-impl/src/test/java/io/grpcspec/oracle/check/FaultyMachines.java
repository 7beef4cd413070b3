package io.grpcspec.oracle.check;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.connection.Settings;
import io.grpcspec.spec.driver.EndpointMachine;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.endpoint.Endpoints;
import io.grpcspec.spec.grpc.PercentEncoding;
import io.grpcspec.spec.keepalive.EnforcerState;
import io.grpcspec.spec.stream.StreamActions;
import io.grpcspec.spec.stream.StreamState;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.UnknownFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Deliberately broken variants of the specification's composed machine, for servers that
 * {@code check} must catch. Each changes real behaviour, on the wire: what the machine is given
 * (an input rewritten before the spec sees it) or what it answers (actions rewritten after).
 * None removes the check a scenario looks for by name; a scenario fails because the server now
 * says something else.
 */
final class FaultyMachines {
    private FaultyMachines() {}

    /** Rewrites a step's result; {@code before} is the state the step started from. */
    interface Rewrite {
        Step<Endpoint> apply(Endpoint before, EndpointEvent event, Step<Endpoint> step);
    }

    /** The spec's machine with inputs rewritten by {@code in} and results by {@code out} (step and recover alike). */
    static EndpointMachine wrap(UnaryOperator<EndpointEvent> in, Rewrite out) {
        return new EndpointMachine() {
            @Override
            public Step<Endpoint> step(Endpoint state, EndpointEvent event) {
                return out.apply(state, event, Endpoints.step(state, in.apply(event)));
            }

            @Override
            public Step<Endpoint> recover(Endpoint state, EndpointEvent event, Violation violation) {
                return out.apply(state, event, Endpoints.recover(state, in.apply(event), violation));
            }
        };
    }

    /** Every action mapped to zero or more actions. */
    static EndpointMachine actions(Function<Action, List<Action>> map) {
        return wrap(e -> e, (before, e, st) -> mapped(st, map));
    }

    /** {@code extra} actions after (or, with {@code first}, before) the step's own, for events {@code when} selects. */
    static EndpointMachine adding(java.util.function.Predicate<EndpointEvent> when, Function<EndpointEvent, List<Action>> extra, boolean first) {
        return wrap(e -> e, (before, e, st) -> {
            if (!(st instanceof Step.Next<Endpoint>(Endpoint s, List<Action> acts)) || !when.test(e)) return st;
            List<Action> out = new ArrayList<>();
            if (first) out.addAll(extra.apply(e));
            out.addAll(acts);
            if (!first) out.addAll(extra.apply(e));
            return Step.next(s, out);
        });
    }

    private static Step<Endpoint> mapped(Step<Endpoint> st, Function<Action, List<Action>> map) {
        if (!(st instanceof Step.Next<Endpoint>(Endpoint s, List<Action> acts))) return st;
        List<Action> out = new ArrayList<>();
        for (Action a : acts) out.addAll(map.apply(a));
        return Step.next(s, out);
    }

    // ------------------------------------------------------------------ the faults

    /** Every error code on the wire but NO_ERROR is another one: INTERNAL_ERROR, or PROTOCOL_ERROR for INTERNAL_ERROR. */
    static EndpointMachine wrongErrorCodes() {
        return actions(a -> List.of(switch (a) {
            case Actions.WriteFrame(GoAwayFrame g) when g.errorCode() != 0 -> new Actions.WriteFrame(
                    new GoAwayFrame(g.lastStreamId(), other(g.errorCode()), g.debugData()));
            case Actions.WriteFrame(RstStreamFrame r) when r.errorCode() != 0 -> new Actions.WriteFrame(
                    new RstStreamFrame(r.streamId(), other(r.errorCode())));
            default -> a;
        }));
    }

    private static long other(long code) {
        return code == ErrorCode.INTERNAL_ERROR.code() ? ErrorCode.PROTOCOL_ERROR.code() : ErrorCode.INTERNAL_ERROR.code();
    }

    /** An invalid preface gets a GOAWAY with INTERNAL_ERROR before the connection closes. */
    static EndpointMachine goAwayOnBadPreface() {
        return adding(e -> e instanceof EndpointEvent.PrefaceReceived p && !Preface.valid(p.greeting()),
                e -> List.of(new Actions.WriteFrame(new GoAwayFrame(0, ErrorCode.INTERNAL_ERROR, Bytes.EMPTY))), true);
    }

    /** A PING goes out before the server's SETTINGS. */
    static EndpointMachine pingBeforeSettings() {
        return adding(e -> e instanceof EndpointEvent.Start, e -> List.of(new Actions.WriteFrame(new PingFrame(false, 7))), true);
    }

    /** SETTINGS frames are never acknowledged. */
    static EndpointMachine noSettingsAck() {
        return actions(a -> a instanceof Actions.WriteFrame(SettingsFrame s) && s.ack() ? List.of() : List.of(a));
    }

    /** PINGs are never answered. */
    static EndpointMachine noPingAck() {
        return actions(a -> a instanceof Actions.WriteFrame(PingFrame p) && p.ack() ? List.of() : List.of(a));
    }

    /** A PING ACK is answered with another. */
    static EndpointMachine answersPingAcks() {
        return adding(e -> e instanceof EndpointEvent.FrameReceived(PingFrame p, long t) && p.ack(),
                e -> List.of(new Actions.WriteFrame(new PingFrame(true, ((PingFrame) ((EndpointEvent.FrameReceived) e).frame()).opaqueData()))),
                false);
    }

    /** The peer's SETTINGS lose parameter {@code id} before the machine reads them (the ACK still goes out). */
    static EndpointMachine ignoresSetting(int id) {
        return wrap(e -> e instanceof EndpointEvent.FrameReceived(SettingsFrame s, long t) && !s.ack()
                ? new EndpointEvent.FrameReceived(new SettingsFrame(false, s.settings().stream().filter(x -> x.id() != id).toList()), t)
                : e, (before, e, st) -> st);
    }

    /**
     * Frames RFC 9113 says to ignore end the connection with GOAWAY PROTOCOL_ERROR: unknown
     * settings and frame types, CONTINUATION, and WINDOW_UPDATE, RST_STREAM or PRIORITY on a closed stream.
     */
    static EndpointMachine strict() {
        return new EndpointMachine() {
            @Override
            public Step<Endpoint> step(Endpoint s, EndpointEvent e) {
                if (e instanceof EndpointEvent.FrameReceived(Frame f, long t) && !s.phase().handshaking() && ignorable(s, f)) {
                    return Step.next(s, new Actions.WriteFrame(new GoAwayFrame(s.lastPeerStreamId(), ErrorCode.PROTOCOL_ERROR,
                            Bytes.ofAscii("strict"))), new Actions.CloseConnection("strict"));
                }
                return Endpoints.step(s, e);
            }
        };
    }

    private static boolean ignorable(Endpoint s, Frame f) {
        return switch (f) {
            case SettingsFrame x -> x.settings().stream().anyMatch(v -> !Settings.known(v.id()));
            case UnknownFrame x -> true;
            case ContinuationFrame x -> true;
            case WindowUpdateFrame x -> x.streamId() != 0 && s.streamState(x.streamId()) == StreamState.CLOSED;
            case RstStreamFrame x -> s.streamState(x.streamId()) == StreamState.CLOSED;
            case PriorityFrame x -> s.streamState(x.streamId()) == StreamState.CLOSED;
            default -> false;
        };
    }

    /** Header blocks written with {@code change} applied to their fields. */
    static EndpointMachine headers(UnaryOperator<List<HeaderField>> change) {
        return actions(a -> List.of(a instanceof StreamActions.WriteHeaders(int id, List<HeaderField> f, boolean end)
                ? new StreamActions.WriteHeaders(id, change.apply(f), end) : a));
    }

    /** {@code name}'s values mapped by {@code value}. */
    static UnaryOperator<List<HeaderField>> field(String name, UnaryOperator<String> value) {
        return fields -> fields.stream().map(f -> f.name().equals(name) ? new HeaderField(name, value.apply(f.value())) : f).toList();
    }

    /** Every 4xx :status becomes 200. */
    static EndpointMachine status200() {
        return headers(field(":status", v -> v.startsWith("4") ? "200" : v));
    }

    /** Every grpc-status becomes INTERNAL. */
    static EndpointMachine allInternal() {
        return headers(field("grpc-status", v -> "13"));
    }

    /** Every call succeeds, as far as the wire says: grpc-status OK, :status 200, no RST_STREAM. */
    static EndpointMachine allOk() {
        EndpointMachine ok = headers(f -> field(":status", v -> "200").apply(field("grpc-status", v -> "0").apply(f)));
        return new EndpointMachine() {
            @Override
            public Step<Endpoint> step(Endpoint s, EndpointEvent e) {
                return noRst(ok.step(s, e));
            }

            @Override
            public Step<Endpoint> recover(Endpoint s, EndpointEvent e, Violation v) {
                return noRst(ok.recover(s, e, v));
            }
        };
    }

    private static Step<Endpoint> noRst(Step<Endpoint> st) {
        return mapped(st, a -> a instanceof Actions.WriteFrame(RstStreamFrame r) ? List.of() : List.of(a));
    }

    /** grpc-message goes out as raw UTF-8 octets, not percent-encoded. */
    static EndpointMachine rawGrpcMessage() {
        return headers(field("grpc-message", v -> new String(PercentEncoding.decode(v).getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1)));
    }

    /** A stream the peer reset gets a DATA frame afterwards. */
    static EndpointMachine writesAfterReset() {
        return adding(e -> e instanceof EndpointEvent.FrameReceived(RstStreamFrame r, long t),
                e -> List.of(new Actions.WriteFrame(new DataFrame(((EndpointEvent.FrameReceived) e).frame().streamId(),
                        Bytes.ofAscii("late"), false))), false);
    }

    /** HEADERS and DATA we write no longer clear the ping strikes: only PINGs move the enforcer. */
    static EndpointMachine noStrikeReset() {
        return wrap(e -> e, (before, e, st) -> {
            if (e instanceof EndpointEvent.FrameReceived(PingFrame p, long t) || before.enforcer() == null) return st;
            if (!(st instanceof Step.Next<Endpoint>(Endpoint s, List<Action> acts)) || s.enforcer() == null) return st;
            EnforcerState was = before.enforcer();
            EnforcerState now = s.enforcer();
            EnforcerState kept = new EnforcerState(now.policy(), now.phase(), now.activeStreams(), was.strikes(), was.lastValidPingNanos());
            return Step.next(new Endpoint(s.config(), s.connection(), s.assembler(), s.streams(), s.pinger(), kept, s.manager(),
                    s.outbound(), s.sendCursor(), s.pingsOutstanding(), s.activeReported(), s.guard()), acts);
        });
    }

    /** A GOAWAY for an error names 2^31-1 as the last stream, whatever was processed. */
    static EndpointMachine goAwayLastStreamMax() {
        return actions(a -> List.of(a instanceof Actions.WriteFrame(GoAwayFrame g) && g.errorCode() != 0
                ? new Actions.WriteFrame(new GoAwayFrame(Integer.MAX_VALUE, g.errorCode(), g.debugData())) : a));
    }
}
