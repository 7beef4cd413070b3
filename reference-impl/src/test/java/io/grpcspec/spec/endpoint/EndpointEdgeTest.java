package io.grpcspec.spec.endpoint;

import static io.grpcspec.spec.endpoint.EndpointStreamsTest.REQUEST;
import static io.grpcspec.spec.endpoint.EndpointStreamsTest.RESPONSE;
import static io.grpcspec.spec.endpoint.EndpointStreamsTest.STATIC_BLOCK;
import static io.grpcspec.spec.endpoint.EndpointStreamsTest.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.codec.FrameRules;
import io.grpcspec.spec.connection.ConnectionActions;
import io.grpcspec.spec.connection.ConnectionConfig;
import io.grpcspec.spec.connection.Settings;
import io.grpcspec.spec.endpoint.EndpointPair.Side;
import io.grpcspec.spec.keepalive.Durations;
import io.grpcspec.spec.keepalive.KeepaliveAction;
import io.grpcspec.spec.keepalive.PingerConfig;
import io.grpcspec.spec.stream.StreamActions;
import io.grpcspec.spec.stream.StreamState;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameError;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Priority;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.PushPromiseFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointEdgeTest {

    @Test
    @Checks({"STR-14"})
    void peerConcurrencyLimitRefusesALocalOpenWithoutChangingAnything() {
        EndpointConfig server = EndpointConfig.server().withSettings(Settings.DEFAULT.with(new Setting(SettingId.MAX_CONCURRENT_STREAMS, 1)));
        EndpointPair pair = EndpointPair.connected(EndpointConfig.client(), server);
        open(pair, REQUEST, false);
        assertFalse(pair.client().state().canOpenStream());
        Endpoint before = pair.client().state();
        EndpointEvent.OpenStream e = new EndpointEvent.OpenStream(REQUEST, false, 0);
        Step<Endpoint> refused = Endpoints.step(before, e);
        assertEquals("STR-14", refused.violation().rule().id());
        assertEquals(Step.next(before), Endpoints.recover(before, e, refused.violation()), "a local violation changes nothing");
    }

    @Test
    @Checks({"STR-13"})
    void streamAboveOurLimitIsRefusedAndNotCountedAsProcessed() {
        EndpointConfig server = EndpointConfig.server().withSettings(Settings.DEFAULT.with(new Setting(SettingId.MAX_CONCURRENT_STREAMS, 1)));
        EndpointPair pair = EndpointPair.connected(EndpointConfig.client(), server);
        open(pair, REQUEST, false);
        pair.settle();
        pair.inject(Side.CLIENT, new HeadersFrame(3, STATIC_BLOCK, false, true)); // a client ignoring the limit
        while (pair.deliverOne(Side.SERVER)) { } // (our client never opened 3: it would call the RST a connection error)
        assertEquals(List.of(new RstStreamFrame(3, ErrorCode.REFUSED_STREAM)), pair.server().writtenFrames(f -> f instanceof RstStreamFrame));
        assertEquals(1, pair.server().state().lastPeerStreamId(), "a refused stream was not processed");
        assertFalse(pair.server().state().closed(), () -> pair.server().log().toString());
    }

    @Test
    @Checks({"GA-4", "FC-9"})
    void dataOfAnIgnoredStreamStillCountsOnTheConnectionWindow() {
        EndpointPair pair = EndpointPair.connected();
        int id = open(pair, REQUEST, false);
        pair.settle();
        pair.apply(Side.SERVER, new EndpointEvent.Shutdown(true, 5, pair.now()));
        pair.settle();
        int window = pair.server().state().connectionReceiveWindow();
        pair.inject(Side.CLIENT, new HeadersFrame(id + 2, STATIC_BLOCK, false, true));
        pair.inject(Side.CLIENT, new DataFrame(id + 2, Bytes.of(new byte[1000]), false));
        pair.inject(Side.CLIENT, new RstStreamFrame(id + 2, ErrorCode.CANCEL));
        pair.settle();
        assertTrue(pair.server().violations().isEmpty(), pair.server().violations().toString());
        assertEquals(window - 1000, pair.server().state().connectionReceiveWindow());
        assertEquals(StreamState.IDLE, pair.server().state().streamState(id + 2));
        assertEquals(StreamState.OPEN, pair.server().state().streamState(id));
    }

    @Test
    @Checks({"STR-15"})
    void pushPromiseToAServerEndsTheConnection() {
        EndpointPair pair = EndpointPair.connected();
        int id = open(pair, REQUEST, false);
        pair.settle();
        pair.inject(Side.CLIENT, new PushPromiseFrame(id, 2, STATIC_BLOCK, true, 0));
        pair.settle();
        assertEquals("STR-15", pair.server().violations().get(0).rule().id());
        GoAwayFrame g = (GoAwayFrame) pair.server().writtenFrames(f -> f instanceof GoAwayFrame).get(0);
        assertEquals(new GoAwayFrame(id, ErrorCode.PROTOCOL_ERROR, g.debugData()), g, "names the last stream processed");
        assertTrue(pair.server().state().closed());
    }

    @Test
    @Checks({"FR-14"})
    void streamScopedFrameLayerErrorIsAnsweredWithRstStream() {
        EndpointPair pair = EndpointPair.connected();
        int id = open(pair, REQUEST, false);
        pair.settle();
        FrameError self = new FrameError(FrameError.Kind.SELF_DEPENDENCY, id, 0x2, "stream depends on itself",
                new PriorityFrame(id, new Priority(id, false, 16)));
        pair.apply(Side.SERVER, new EndpointEvent.FrameRejected(self, pair.now()));
        assertEquals(List.of(new Violation(FrameRules.FR_14, ErrorCode.PROTOCOL_ERROR, Scope.STREAM, id, "stream depends on itself")),
                pair.server().violations());
        assertEquals(List.of(new RstStreamFrame(id, ErrorCode.PROTOCOL_ERROR)), pair.server().writtenFrames(f -> f instanceof RstStreamFrame));
        assertEquals(StreamState.CLOSED, pair.server().state().streamState(id));
        assertFalse(pair.server().state().closed());
    }

    /** RFC 9113 §4.3: the header block of a HEADERS frame rejected for a self-dependency still reaches HPACK. */
    @Test
    @Checks({"FR-14"})
    void aSelfDependentHeadersFrameIsStillDecoded() {
        EndpointPair pair = EndpointPair.connected();
        open(pair, REQUEST, false);
        pair.settle();
        // A block that adds "x-seen: 1" to the server's dynamic table (literal with incremental indexing).
        Bytes block = Bytes.ofHex("400678 2d7365656e 0131".replace(" ", ""));
        HeadersFrame rejected = new HeadersFrame(3, block, false, true, Frame.NO_PADDING, new Priority(3, false, 16));
        pair.apply(Side.SERVER, new EndpointEvent.FrameRejected(new FrameError(FrameError.Kind.SELF_DEPENDENCY, 3, 0x1,
                "HEADERS makes stream 3 depend on itself", rejected), pair.now()));
        assertEquals(List.of(new RstStreamFrame(3, ErrorCode.PROTOCOL_ERROR)), pair.server().writtenFrames(f -> f instanceof RstStreamFrame));
        assertTrue(pair.server().log().contains(new StreamActions.DiscardHeaders(3, block)), () -> pair.server().log().toString());
        List<HeaderField> table = pair.server().driverState().decoder().table().entries();
        assertEquals(new HeaderField("x-seen", "1"), table.get(0),
                "the block went through the decoder: its table follows the peer's encoder " + table);
        assertFalse(pair.server().state().closed());
    }

    @Test
    @Checks({"SET-12"})
    void unacknowledgedSettingsTimeOutWithGoAway() {
        EndpointConfig client = EndpointConfig.client().withConnection(
                ConnectionConfig.defaults(io.grpcspec.spec.Role.CLIENT).withSettingsAckTimeout(Durations.SECOND));
        EndpointPair pair = EndpointPair.started(client, EndpointConfig.server());
        // The server's SETTINGS reach the client, the client's never reach the server.
        pair.server().inbox().clear();
        while (pair.deliverOne(Side.CLIENT)) { }
        pair.server().inbox().clear();
        assertTrue(pair.client().state().ready(), () -> pair.client().log() + " " + pair.client().violations());
        pair.advance(2 * Durations.SECOND);
        assertEquals("SET-12", pair.client().violations().get(0).rule().id());
        assertEquals(ErrorCode.SETTINGS_TIMEOUT,
                ((GoAwayFrame) pair.client().writtenFrames(f -> f instanceof GoAwayFrame).get(0)).code());
        assertTrue(pair.client().state().closed());
    }

    @Test
    @Checks({"KA-4", "KA-3"})
    void keepalivePingWithoutAckBreaksTheConnection() {
        EndpointConfig client = EndpointConfig.client().withPinger(PingerConfig.client(10 * Durations.SECOND, Durations.SECOND, true));
        EndpointPair pair = EndpointPair.connected(client, EndpointConfig.server());
        pair.advance(10 * Durations.SECOND);
        List<?> pings = pair.client().writtenFrames(f -> f instanceof PingFrame p && !p.ack());
        assertEquals(1, pings.size());
        pair.server().inbox().clear(); // the server never sees it
        pair.advance(2 * Durations.SECOND);
        assertEquals(1, pair.client().actions(KeepaliveAction.ConnectionBroken.class).size());
        assertTrue(pair.client().state().closed());
        assertTrue(pair.client().violations().isEmpty(), "a silent peer breaks no rule");
    }

    @Test
    @Checks({"CONN-8"})
    void openingBeforeTheHandshakeIsNotProcessed() {
        EndpointPair pair = EndpointPair.started(EndpointConfig.client(), EndpointConfig.server());
        Step<Endpoint> st = pair.apply(Side.CLIENT, new EndpointEvent.OpenStream(REQUEST, true, 0));
        assertEquals(List.of(new ConnectionActions.StreamsNotProcessed(List.of(1))), st.actions());
        assertEquals(StreamState.IDLE, pair.client().state().streamState(1));
    }

    @Test
    @Checks({"CONN-9"})
    void afterClosePeerInputsDoNothingLocalWritesAreRefusedAndCallsAreNotProcessed() {
        EndpointPair pair = EndpointPair.connected();
        int id = open(pair, REQUEST, false);
        pair.apply(Side.CLIENT, new EndpointEvent.Shutdown(false, 0, 0));
        Endpoint closed = pair.client().state();
        assertTrue(closed.closed());
        assertEquals(List.of(new ConnectionActions.StreamsNotProcessed(List.of(3))),
                Endpoints.step(closed, new EndpointEvent.OpenStream(REQUEST, false, 0)).actions());
        assertEquals(Step.next(closed), Endpoints.step(closed, new EndpointEvent.FrameReceived(new PingFrame(false, 1), 0)));
        assertEquals(Step.next(closed), Endpoints.step(closed, new EndpointEvent.Consumed(id, 10, 0)));
        // Nothing more is written: a request to write says so, by rule.
        for (EndpointEvent write : List.of(new EndpointEvent.SendPing(1, 0), new EndpointEvent.SendData(id, Bytes.ofAscii("x"), false, 0),
                new EndpointEvent.SendHeaders(id, RESPONSE, true, 0), new EndpointEvent.ResetStream(id, ErrorCode.CANCEL, 0))) {
            Violation v = Endpoints.step(closed, write).violation();
            assertEquals("CONN-9", v.rule().id(), write::toString);
        }
        assertThrows(IllegalStateException.class, () -> Endpoints.step(Endpoints.initial(EndpointConfig.client()),
                new EndpointEvent.SendPing(1, 0)), "nothing but Start before Start");
    }

    @Test
    @Checks({"SET-4"})
    void aServerMayNotAnnouncePush() {
        EndpointPair pair = EndpointPair.connected();
        Step<Endpoint> st = Endpoints.step(pair.server().state(),
                new EndpointEvent.ChangeSettings(List.of(new Setting(SettingId.ENABLE_PUSH, 1)), 0));
        assertEquals("SET-4", st.violation().rule().id());
        Step<Endpoint> big = Endpoints.step(pair.server().state(),
                new EndpointEvent.ChangeSettings(List.of(new Setting(SettingId.MAX_FRAME_SIZE, 1)), 0));
        assertEquals("SET-6", big.violation().rule().id());
    }

    @Test
    @Checks({"KA-12"})
    void dataFlushedByAWindowUpdateAlsoClearsStrikes() {
        EndpointPair pair = EndpointPair.connected();
        int id = open(pair, REQUEST, true);
        pair.settle();
        pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(id, RESPONSE, false, pair.now()));
        pair.apply(Side.SERVER, new EndpointEvent.SendData(id, Bytes.of(new byte[70_000]), false, pair.now()));
        pair.settle();
        pair.apply(Side.CLIENT, new EndpointEvent.SendPing(1, pair.now()));
        pair.apply(Side.CLIENT, new EndpointEvent.SendPing(2, pair.now()));
        pair.settle();
        assertEquals(1, pair.server().state().enforcer().strikes());
        assertTrue(pair.server().state().pendingBytes(id) > 0);
        // The client's credit makes the server write the rest: a DATA write, strikes cleared.
        pair.apply(Side.CLIENT, new EndpointEvent.Consumed(id, pair.client().received(id).length(), pair.now()));
        pair.settle();
        assertEquals(0, pair.server().state().pendingBytes(id));
        assertEquals(0, pair.server().state().enforcer().strikes());
        assertTrue(pair.server().log().stream().noneMatch(a -> a instanceof Actions.CloseConnection));
    }

    @Test
    @Checks({"CONN-4"})
    void aFirstFrameOtherThanSettingsEndsTheHandshake() {
        EndpointPair pair = EndpointPair.started(EndpointConfig.client(), EndpointConfig.server());
        pair.server().inbox().clear();
        pair.server().inbox().add(new EndpointPair.PrefaceItem());
        pair.inject(Side.CLIENT, new PingFrame(false, 1));
        pair.deliverOne(Side.SERVER);
        pair.deliverOne(Side.SERVER);
        assertEquals("CONN-4", pair.server().violations().get(0).rule().id());
        assertTrue(pair.server().state().closed());
        assertTrue(pair.server().writtenFrames(f -> f instanceof PingFrame).isEmpty(), "no answer during the handshake");
        assertEquals(ErrorCode.PROTOCOL_ERROR, ((GoAwayFrame) pair.server().writtenFrames(f -> f instanceof GoAwayFrame).get(0)).code());
        assertTrue(pair.server().writtenFrames(f -> f instanceof SettingsFrame).size() == 1);
    }

    @Test
    @Checks({"KA-6"})
    void aCallAfterALongSilencePingsBeforeItsHeaders() {
        EndpointConfig client = EndpointConfig.client().withPinger(PingerConfig.client(10 * Durations.SECOND, Durations.SECOND, false));
        EndpointPair pair = EndpointPair.connected(client, EndpointConfig.server());
        pair.advance(30 * Durations.SECOND); // no calls: the pinger goes dormant instead of pinging
        assertTrue(pair.client().writtenFrames(f -> f instanceof PingFrame).isEmpty());
        Step<Endpoint> st = pair.apply(Side.CLIENT, new EndpointEvent.OpenStream(REQUEST, true, pair.now()));
        List<Object> writes = st.actions().stream()
                .filter(a -> a instanceof Actions.WriteFrame || a instanceof io.grpcspec.spec.stream.StreamActions.WriteHeaders)
                .map(a -> (Object) a).toList();
        assertTrue(writes.get(0) instanceof Actions.WriteFrame w && w.frame() instanceof PingFrame, "PING first: " + writes);
        assertTrue(writes.get(1) instanceof io.grpcspec.spec.stream.StreamActions.WriteHeaders, "then the HEADERS: " + writes);
    }

    @Test
    @Checks({"FR-12"})
    void aStreamBoundFrameOnStreamZeroIsAConnectionErrorNotAnException() {
        EndpointPair pair = EndpointPair.connected();
        pair.inject(Side.CLIENT, new DataFrame(0, Bytes.ofAscii("x"), false));
        pair.settle();
        assertEquals("FR-12", pair.server().violations().get(0).rule().id());
        assertEquals(ErrorCode.PROTOCOL_ERROR, ((GoAwayFrame) pair.server().writtenFrames(f -> f instanceof GoAwayFrame).get(0)).code());
        assertTrue(pair.server().state().closed());
    }
}
