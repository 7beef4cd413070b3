package io.grpcspec.spec.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.hpack.DecodeResult;
import io.grpcspec.hpack.DecoderState;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.codec.HpackErrors;
import io.grpcspec.spec.codec.HpackRules;
import io.grpcspec.spec.connection.ConnectionRules;
import io.grpcspec.spec.driver.DriverState.TimerKey;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.endpoint.EndpointPair;
import io.grpcspec.spec.endpoint.EndpointPair.Side;
import io.grpcspec.spec.stream.StreamRules;
import io.grpcspec.spec.stream.StreamState;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameError;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.Priority;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pure driver on its own: what it makes of the machine's actions (framing, HPACK both ways,
 * follow-up events, timers, refusals), stepped directly from states a connected pair reached.
 */
class EndpointDriverTest {

    private static final EndpointDriver DRIVER = new EndpointDriver();

    private static final List<HeaderField> REQUEST = List.of(new HeaderField(":method", "POST"),
            new HeaderField(":scheme", "http"), new HeaderField(":path", "/pkg.Svc/Method"),
            new HeaderField("content-type", "application/grpc"), new HeaderField("te", "trailers"));
    private static final List<HeaderField> RESPONSE = List.of(new HeaderField(":status", "200"),
            new HeaderField("content-type", "application/grpc"));

    /** A connected pair with one client stream whose request headers reached the server. */
    private static EndpointPair withStream(EndpointConfig server) {
        EndpointPair pair = EndpointPair.connected(EndpointConfig.client(), server);
        pair.apply(Side.CLIENT, new EndpointEvent.OpenStream(REQUEST, false, pair.now()));
        pair.settle();
        return pair;
    }

    private static <E extends Effect> List<E> only(List<Effect> effects, Class<E> type) {
        List<E> out = new ArrayList<>();
        for (Effect e : effects) if (type.isInstance(e)) out.add(type.cast(e));
        return out;
    }

    private static List<HeaderField> decodeBlock(List<Frame> frames) {
        Bytes block = Bytes.EMPTY;
        for (Frame f : frames) {
            block = block.concat(f instanceof HeadersFrame h ? h.fragment() : ((ContinuationFrame) f).fragment());
        }
        DecodeResult r = DecoderState.initial(Long.MAX_VALUE).decode(block).result();
        return assertInstanceOf(DecodeResult.Fields.class, r, r::toString).fields();
    }

    @Test
    @Checks({"HB-6"})
    void aHeaderBlockIsCutAtThePeersMaxFrameSizeAsTheMachineKnowsIt() {
        EndpointPair pair = withStream(EndpointConfig.server());
        DriverState server = pair.server().driverState();
        List<HeaderField> big = List.of(new HeaderField(":status", "200"), new HeaderField("x-big", "x".repeat(40_000)));

        List<Effect> effects = DRIVER.step(server, new EndpointEvent.SendHeaders(1, big, false, 0)).effects();
        List<Frame> frames = only(effects, Effect.WriteBlock.class).get(0).frames();
        assertTrue(frames.size() >= 3, frames::toString);
        HeadersFrame first = assertInstanceOf(HeadersFrame.class, frames.get(0));
        assertFalse(first.endHeaders());
        assertEquals(16_384, first.fragment().length());
        for (Frame f : frames.subList(1, frames.size())) assertInstanceOf(ContinuationFrame.class, f);
        assertTrue(((ContinuationFrame) frames.get(frames.size() - 1)).endHeaders());
        assertEquals(big, decodeBlock(frames));

        // The client raises its SETTINGS_MAX_FRAME_SIZE: once the server applied it, blocks are cut at it.
        DriverState raised = DRIVER.step(server, new EndpointEvent.FrameReceived(
                new SettingsFrame(false, List.of(new Setting(SettingId.MAX_FRAME_SIZE, 20_000))), 0)).state();
        List<Frame> wider = only(DRIVER.step(raised, new EndpointEvent.SendHeaders(1, big, false, 0)).effects(),
                Effect.WriteBlock.class).get(0).frames();
        assertEquals(20_000, ((HeadersFrame) wider.get(0)).fragment().length());
        assertEquals(big, decodeBlock(wider));
    }

    @Test
    @Checks({"HP-1", "GA-10"})
    void anHpackFailureIsAConnectionCompressionErrorNamingTheRule() {
        EndpointPair pair = withStream(EndpointConfig.server());
        DriverState server = pair.server().driverState();
        HeadersFrame broken = new HeadersFrame(3, Bytes.of((byte) 0x80), true, true); // indexed field 0

        EndpointDriver.DriverStep st = DRIVER.step(server, new EndpointEvent.FrameReceived(broken, 0));
        Violation v = only(st.effects(), Effect.PeerViolation.class).get(0).violation();
        assertEquals(HpackRules.HP_1, v.rule());
        assertEquals(ErrorCode.COMPRESSION_ERROR, v.code());
        GoAwayFrame goAway = (GoAwayFrame) only(st.effects(), Effect.WriteFrame.class).stream()
                .map(Effect.WriteFrame::frame).filter(f -> f instanceof GoAwayFrame).findFirst().orElseThrow();
        assertEquals(ErrorCode.COMPRESSION_ERROR.code(), goAway.errorCode());
        assertTrue(goAway.debugData().ascii().startsWith("HP-1: "), goAway.debugData()::ascii);
        assertEquals(1, only(st.effects(), Effect.Close.class).size());
        assertTrue(st.state().endpoint().closed());
        assertTrue(st.state().timers().isEmpty(), "a close drops every timer");
    }

    @Test
    @Checks({"HP-14"})
    void aRequestHeaderListOverOurLimitIsAnswered431AndOnlyItsStreamEnds() {
        EndpointConfig small = EndpointConfig.server();
        small = small.withSettings(small.connection().settings().with(new Setting(SettingId.MAX_HEADER_LIST_SIZE, 300)));
        EndpointPair pair = withStream(small);
        assertEquals(List.of(new Effect.Headers(1, REQUEST, false, false)), pair.server().effects(Effect.Headers.class));

        List<HeaderField> huge = new ArrayList<>(REQUEST);
        huge.add(new HeaderField("x-pad", "p".repeat(300)));
        pair.apply(Side.CLIENT, new EndpointEvent.OpenStream(huge, false, pair.now()));
        List<Frame> block = pair.client().written().subList(pair.client().written().size() - 1, pair.client().written().size());
        DriverState server = pair.server().driverState();
        EndpointDriver.DriverStep st = DRIVER.step(server, new EndpointEvent.FrameReceived(block.get(0), 0));

        Violation v = only(st.effects(), Effect.PeerViolation.class).get(0).violation();
        assertEquals(HpackRules.HP_14, v.rule());
        assertEquals(3, v.streamId());
        // HTTP 431 on the stream (HEADERS + END_STREAM), then RST_STREAM(NO_ERROR): the client may still be sending.
        Effect.WriteBlock answer = only(st.effects(), Effect.WriteBlock.class).get(0);
        assertEquals(3, answer.streamId());
        HeadersFrame h = (HeadersFrame) answer.frames().get(0);
        assertTrue(h.endStream() && h.endHeaders(), answer::toString);
        assertEquals(new DecodeResult.Fields(List.of(new HeaderField(":status", "431"))),
                DecoderState.initial(Long.MAX_VALUE).decode(h.fragment()).result());
        assertTrue(st.effects().indexOf(answer) < st.effects().indexOf(new Effect.WriteFrame(new RstStreamFrame(3, ErrorCode.NO_ERROR))),
                st.effects()::toString);
        assertTrue(only(st.effects(), Effect.Headers.class).isEmpty(), "the list is not delivered");
        assertFalse(st.state().endpoint().closed(), "the connection goes on");
        assertEquals(StreamState.CLOSED, st.state().endpoint().streamState(3));
        assertEquals(StreamState.OPEN, st.state().endpoint().streamState(1));
        // A client's machine resets a response over its limit instead (no 431 to a response).
        assertEquals(ErrorCode.FRAME_SIZE_ERROR, HpackErrors.listTooLarge(new DecodeResult.ListTooLarge(400, 300), 3).code());
    }

    @Test
    @Checks({"FR-14"})
    void aHeadersFrameRejectedForASelfDependencyIsStillDecoded() {
        EndpointPair pair = withStream(EndpointConfig.server());
        DriverState server = pair.server().driverState();
        // Literal with incremental indexing of "x-seen: 1": it adds an entry to the decoder's table.
        Bytes block = Bytes.ofHex("4006782d7365656e0131");
        HeadersFrame self = new HeadersFrame(3, block, false, true, Frame.NO_PADDING, new Priority(3, false, 16));
        EndpointDriver.DriverStep st = DRIVER.step(server, new EndpointEvent.FrameRejected(
                new FrameError(FrameError.Kind.SELF_DEPENDENCY, 3, 0x1, "HEADERS makes stream 3 depend on itself", self), 0));

        assertTrue(st.effects().contains(new Effect.WriteFrame(new RstStreamFrame(3, ErrorCode.PROTOCOL_ERROR))), st.effects()::toString);
        assertEquals("FR-14", only(st.effects(), Effect.PeerViolation.class).get(0).violation().rule().id());
        assertEquals(new HeaderField("x-seen", "1"), st.state().decoder().table().get(1), "the block reached the decoder");
        // And the table stays in step: the peer's next block may use the new entry (index 62).
        EndpointDriver.DriverStep next = DRIVER.step(st.state(), new EndpointEvent.FrameReceived(
                new HeadersFrame(5, Bytes.ofHex("8386be"), false, true), 0));
        assertEquals(List.of(new Effect.Headers(5, List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
                new HeaderField("x-seen", "1")), false, false)), only(next.effects(), Effect.Headers.class));
    }

    @Test
    @Checks({"CONN-5"})
    void aTimerThatIsNotArmedOrNotYetDueIsDropped() {
        EndpointPair pair = EndpointPair.started(EndpointConfig.client(), EndpointConfig.server());
        DriverState started = pair.server().driverState();
        long due = started.due(Timer.HANDSHAKE, 0);

        // Re-armed to a later time since this firing was scheduled: dropped, nothing changes.
        EndpointDriver.DriverStep early = DRIVER.step(started, new EndpointEvent.TimerFired(Timer.HANDSHAKE, 0, due - 1));
        assertEquals(started, early.state());
        assertEquals(List.of(), early.effects());
        // Due: the machine closes the connection.
        EndpointDriver.DriverStep fired = DRIVER.step(started, new EndpointEvent.TimerFired(Timer.HANDSHAKE, 0, due));
        assertEquals(1, only(fired.effects(), Effect.Close.class).size());
        // Cancelled (the handshake completed): a late firing is dropped.
        pair.settle();
        DriverState up = pair.server().driverState();
        assertEquals(null, up.due(Timer.HANDSHAKE, 0));
        EndpointDriver.DriverStep late = DRIVER.step(up, new EndpointEvent.TimerFired(Timer.HANDSHAKE, 0, due));
        assertEquals(up, late.state());
        assertEquals(List.of(), late.effects());
        // A state whose timer was re-armed later than a stale task's time drops that task.
        DriverState rearmed = new DriverState(started.endpoint(), started.encoder(), started.decoder(),
                Map.of(new TimerKey(Timer.HANDSHAKE, 0), due + 5_000));
        assertEquals(List.of(), DRIVER.step(rearmed, new EndpointEvent.TimerFired(Timer.HANDSHAKE, 0, due)).effects());
    }

    @Test
    @Checks({"STR-8", "STR-9", "CONN-9"})
    void aRefusedLocalRequestSaysWhichRuleAndChangesNothing() {
        EndpointPair pair = withStream(EndpointConfig.server());
        DriverState server = pair.server().driverState();

        EndpointEvent onIdle = new EndpointEvent.SendData(7, Bytes.ofAscii("x"), false, 0);
        EndpointDriver.DriverStep st = DRIVER.step(server, onIdle);
        assertEquals(server, st.state());
        Effect.Refused refused = assertInstanceOf(Effect.Refused.class, st.effects().get(0));
        assertEquals(onIdle, refused.event());
        assertEquals(StreamRules.STR_8, refused.violation().rule());
        assertEquals(1, st.effects().size());

        Effect.Refused open = only(DRIVER.step(server, new EndpointEvent.OpenStream(REQUEST, false, 0)).effects(),
                Effect.Refused.class).get(0);
        assertEquals(StreamRules.STR_9, open.violation().rule());

        DriverState closed = DRIVER.step(server, new EndpointEvent.Shutdown(false, 0, 0)).state();
        Effect.Refused late = only(DRIVER.step(closed, new EndpointEvent.SendHeaders(1, RESPONSE, true, 0)).effects(),
                Effect.Refused.class).get(0);
        assertEquals(ConnectionRules.CONN_9, late.violation().rule());
    }

    @Test
    @Checks({"STR-8"})
    void headerListsAreEncodedInWireOrderWhenTrailersWaitBehindData() {
        EndpointPair pair = withStream(EndpointConfig.server());
        pair.apply(Side.CLIENT, new EndpointEvent.OpenStream(REQUEST, false, pair.now()));
        pair.settle();
        DriverState s = pair.server().driverState();
        // Custom fields are indexed: each encoding changes the table, so order matters.
        List<HeaderField> trailers1 = List.of(new HeaderField("grpc-status", "0"), new HeaderField("x-which", "trailers-1"));
        List<HeaderField> headers3 = List.of(new HeaderField(":status", "200"), new HeaderField("x-which", "headers-3"));
        List<Effect> effects = new ArrayList<>();
        for (EndpointEvent e : List.of(new EndpointEvent.SendHeaders(1, RESPONSE, false, 0),
                new EndpointEvent.SendData(1, Bytes.of(new byte[70_000]), false, 0),
                new EndpointEvent.SendHeaders(1, trailers1, true, 0),          // waits behind the DATA
                new EndpointEvent.SendHeaders(3, headers3, false, 0),           // goes out at once
                new EndpointEvent.FrameReceived(new WindowUpdateFrame(0, 10_000), 0),
                new EndpointEvent.FrameReceived(new WindowUpdateFrame(1, 10_000), 0))) {
            EndpointDriver.DriverStep st = DRIVER.step(s, e);
            s = st.state();
            effects.addAll(st.effects());
        }
        List<Effect.WriteBlock> blocks = only(effects, Effect.WriteBlock.class);
        assertEquals(List.of(1, 3, 1), blocks.stream().map(Effect.WriteBlock::streamId).toList());
        // One decoder reading the blocks in wire order gets every list back: they were encoded in that order.
        DecoderState peer = pair.client().driverState().decoder();
        List<List<HeaderField>> read = new ArrayList<>();
        for (Effect.WriteBlock b : blocks) {
            Bytes block = Bytes.EMPTY;
            for (Frame f : b.frames()) block = block.concat(((HeadersFrame) f).fragment());
            DecoderState.Decoded d = peer.decode(block);
            peer = d.state();
            read.add(((DecodeResult.Fields) d.result()).fields());
        }
        assertEquals(List.of(RESPONSE, headers3, trailers1), read);
    }
}
