package io.grpcspec.oracle.check;

import io.grpcspec.spec.Rule;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.SettingsFrame;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The expectations scenarios share. Where the RFC leaves a choice, every allowed answer passes:
 * an endpoint may treat a stream error as a connection error (RFC 9113 §5.4.1), and a connection
 * error ends with GOAWAY carrying the code or, since GOAWAY is only a SHOULD, with the connection
 * simply closed.
 */
final class Expectations {
    private Expectations() {}

    /** A connection error with one of {@code codes}: GOAWAY with it, or the connection closed. */
    static Expect<Void> connectionError(Rule rule, ErrorCode... codes) {
        return connectionError(rule, null, codes);
    }

    /**
     * As {@link #connectionError(Rule, ErrorCode...)}, and the ACK of a PING with {@code probe}
     * sent after the offending frame fails at once: the server went on processing frames after
     * what must end the connection (null: no such PING).
     */
    static Expect<Void> connectionError(Rule rule, Long probe, ErrorCode... codes) {
        List<ErrorCode> ok = List.of(codes);
        return Expect.of(rule, "GOAWAY with " + names(ok) + " (or the connection closed)", s -> {
            return switch (s) {
                case Seen.Frame(GoAwayFrame g) -> ok.contains(g.code()) ? Expect.pass(null) : Expect.fail(s.describe());
                case Seen.Closed c -> Expect.pass(null);
                case Seen.Malformed m -> Expect.fail(s.describe());
                case Seen.Frame(PingFrame p) when probe != null && p.ack() && p.opaqueData() == probe ->
                        Expect.fail("the connection went on: the PING sent after the offending frame was answered");
                default -> null;
            };
        });
    }

    /**
     * A stream error on {@code stream} with one of {@code codes}: RST_STREAM with it, or the same
     * code as a connection error (GOAWAY, or the connection closed). A complete answer on the
     * stream instead fails.
     */
    static Expect<Void> streamError(Rule rule, int stream, ErrorCode... codes) {
        List<ErrorCode> ok = List.of(codes);
        return Expect.of(rule, "RST_STREAM on stream " + stream + " with " + names(ok) + " (or GOAWAY with it, or the connection closed)", s -> {
            return switch (s) {
                case Seen.Frame(RstStreamFrame r) when r.streamId() == stream ->
                        ok.contains(r.code()) ? Expect.pass(null) : Expect.fail(s.describe());
                case Seen.Frame(GoAwayFrame g) -> ok.contains(g.code()) ? Expect.pass(null) : Expect.fail(s.describe());
                case Seen.Closed c -> Expect.pass(null);
                case Seen.Malformed m -> Expect.fail(s.describe());
                case Seen.Block b when b.streamId() == stream && b.endStream() -> Expect.fail("an answer instead: " + s.describe());
                case Seen.Frame(DataFrame d) when d.streamId() == stream && d.endStream() -> Expect.fail("an answer instead: " + s.describe());
                default -> null;
            };
        });
    }

    /**
     * A frame on a stream the client itself closed, where RFC 9113 §5.1 lets the server choose:
     * the error (as {@link #streamError}: RST_STREAM or GOAWAY with one of {@code codes}, or the
     * connection closed) or the robust answer, ignoring the frame, shown by the ACK of the PING
     * with {@code probe} sent after it, no error before it. A complete answer on the stream, or an
     * error with another code, fails.
     */
    static Expect<Void> errorOrIgnored(Rule rule, int stream, long probe, ErrorCode... codes) {
        Expect<Void> error = streamError(rule, stream, codes);
        return new Expect<>() {
            @Override
            public String expected() {
                return error.expected() + ", or the frame ignored: no error and no answer on stream " + stream
                        + " before the PING ACK echoing 0x" + Long.toHexString(probe);
            }

            @Override
            public Rule rule() {
                return rule;
            }

            @Override
            public Judgement<Void> on(Seen s) {
                return switch (s) {
                    case Seen.Frame(PingFrame p) when p.ack() && p.opaqueData() == probe -> Expect.pass(null);
                    default -> error.on(s);
                };
            }
        };
    }

    /** The PING ACK echoing {@code payload}, before any GOAWAY or close. */
    static Expect<Void> pingAck(Rule rule, long payload) {
        return Expect.of(rule, "PING with ACK echoing 0x" + Long.toHexString(payload), s -> {
            return switch (s) {
                case Seen.Frame(PingFrame p) when p.ack() && p.opaqueData() == payload -> Expect.pass(null);
                case Seen.Frame(GoAwayFrame g) -> Expect.fail(s.describe());
                case Seen.Closed c -> Expect.fail(s.describe());
                case Seen.Malformed m -> Expect.fail(s.describe());
                default -> null;
            };
        });
    }

    /**
     * The connection goes on quietly: the PING ACK for {@code payload} comes with no GOAWAY, close
     * or RST_STREAM before it, and nothing at all on {@code stream} (0: any stream may speak).
     */
    static Expect<Void> quietUntilPingAck(Rule rule, long payload, int stream) {
        return Expect.of(rule, (stream == 0 ? "no error" : "nothing on stream " + stream) + ", then the PING ACK echoing 0x" + Long.toHexString(payload), s -> {
            return switch (s) {
                case Seen.Frame(PingFrame p) when p.ack() && p.opaqueData() == payload -> Expect.pass(null);
                case Seen.Frame(GoAwayFrame g) -> Expect.fail(s.describe());
                case Seen.Frame(RstStreamFrame r) -> Expect.fail(s.describe());
                case Seen.Closed c -> Expect.fail(s.describe());
                case Seen.Malformed m -> Expect.fail(s.describe());
                case Seen.Frame(var f) when stream != 0 && f.streamId() == stream -> Expect.fail(s.describe());
                case Seen.Block b when stream != 0 && b.streamId() == stream -> Expect.fail(s.describe());
                default -> null;
            };
        });
    }

    /** A SETTINGS frame with ACK, before any GOAWAY or close. */
    static Expect<Void> settingsAck(Rule rule) {
        return Expect.of(rule, "SETTINGS with ACK", s -> {
            return switch (s) {
                case Seen.Frame(SettingsFrame f) when f.ack() -> Expect.pass(null);
                case Seen.Frame(GoAwayFrame g) -> Expect.fail(s.describe());
                case Seen.Closed c -> Expect.fail(s.describe());
                case Seen.Malformed m -> Expect.fail(s.describe());
                default -> null;
            };
        });
    }

    /** The server's first frame: a SETTINGS frame without ACK (RFC 9113 §3.4). */
    static Expect<Void> firstIsSettings(Rule rule) {
        return Expect.of(rule, "a SETTINGS frame (without ACK) as the server's first frame", s -> {
            return s instanceof Seen.Frame(SettingsFrame f) && !f.ack() ? Expect.pass(null) : Expect.fail("first " + s.describe());
        });
    }

    /** The connection is still there: the PING ACK for {@code payload} comes, no GOAWAY or close before it. */
    static Expect<Void> alive(Rule rule, long payload) {
        return Expect.of(rule, "the connection going on (the PING ACK echoing 0x" + Long.toHexString(payload) + ")", s -> {
            return switch (s) {
                case Seen.Frame(PingFrame p) when p.ack() && p.opaqueData() == payload -> Expect.pass(null);
                case Seen.Frame(GoAwayFrame g) -> Expect.fail(s.describe());
                case Seen.Closed c -> Expect.fail(s.describe());
                case Seen.Malformed m -> Expect.fail(s.describe());
                default -> null;
            };
        });
    }

    private static String names(List<ErrorCode> codes) {
        return codes.size() == 1 ? codes.get(0).name()
                : codes.stream().map(ErrorCode::name).collect(Collectors.joining(" or "));
    }
}
