package io.grpcspec.spec.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Step;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.endpoint.EndpointPair.Side;
import io.grpcspec.spec.stream.StreamActions;
import io.grpcspec.spec.stream.StreamState;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointStreamsTest {

    static final List<HeaderField> REQUEST = List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
            new HeaderField(":path", "/pkg.Svc/Method"), new HeaderField("content-type", "application/grpc"),
            new HeaderField("te", "trailers"));
    static final List<HeaderField> RESPONSE = List.of(new HeaderField(":status", "200"),
            new HeaderField("content-type", "application/grpc"));
    static final List<HeaderField> TRAILERS = List.of(new HeaderField("grpc-status", "0"));
    /**
     * An encoded request block for frames a test injects by hand: static-table indices only
     * (:method POST, :scheme http), so it leaves the receiver's HPACK table as it was.
     */
    static final Bytes STATIC_BLOCK = Bytes.of((byte) 0x83, (byte) 0x86);

    static Bytes bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed);
        return Bytes.of(b);
    }

    static int open(EndpointPair pair, List<HeaderField> fields, boolean end) {
        Step<Endpoint> st = pair.apply(Side.CLIENT, new EndpointEvent.OpenStream(fields, end, pair.now()));
        return st.actions().stream().filter(a -> a instanceof EndpointActions.StreamStarted)
                .map(a -> ((EndpointActions.StreamStarted) a).streamId()).findFirst().orElseThrow(() -> new AssertionError(st));
    }

    @Test
    @Checks({"STR-8", "KA-12"})
    void unaryExchangeClosesTheStreamOnBothSides() {
        EndpointPair pair = EndpointPair.connected();
        int id = open(pair, REQUEST, false);
        assertEquals(1, id);
        Bytes request = bytes(100, 1);
        pair.apply(Side.CLIENT, new EndpointEvent.SendData(id, request, true, pair.now()));
        assertEquals(StreamState.HALF_CLOSED_LOCAL, pair.client().state().streamState(id));
        pair.settle();

        Endpoint server = pair.server().state();
        assertEquals(StreamState.HALF_CLOSED_REMOTE, server.streamState(id));
        assertEquals(List.of(new Effect.Headers(id, REQUEST, false, false)), pair.server().effects(Effect.Headers.class));
        assertEquals(request, pair.server().received(id));
        assertEquals(1, server.lastPeerStreamId());

        pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(id, RESPONSE, false, pair.now()));
        Bytes response = bytes(200, 2);
        pair.apply(Side.SERVER, new EndpointEvent.SendData(id, response, false, pair.now()));
        pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(id, TRAILERS, true, pair.now()));
        assertEquals(StreamState.CLOSED, pair.server().state().streamState(id));
        pair.settle();

        assertEquals(StreamState.CLOSED, pair.client().state().streamState(id));
        assertEquals(response, pair.client().received(id));
        assertEquals(List.of(new Effect.Headers(id, RESPONSE, false, false), new Effect.Headers(id, TRAILERS, true, true)),
                pair.client().effects(Effect.Headers.class));
        for (Side side : Side.values()) {
            assertEquals(1, pair.peer(side).actions(StreamActions.StreamClosed.class).size(), side.name());
            assertEquals(0, pair.peer(side).state().activeStreams());
            assertTrue(pair.peer(side).violations().isEmpty(), side + ": " + pair.peer(side).violations());
        }
        // The stream is closed: more data is our own bug, refused and changing nothing (STR-8).
        Endpoint before = pair.server().state();
        Step<Endpoint> late = Endpoints.step(before, new EndpointEvent.SendData(id, bytes(1, 0), false, pair.now()));
        assertEquals("STR-8", late.violation().rule().id());
        assertEquals(Step.next(before), Endpoints.recover(before, new EndpointEvent.SendData(id, bytes(1, 0), false, 0), late.violation()));
    }

    @Test
    @Checks({"FC-3", "FC-12"})
    void aMessageLargerThanTheWindowsFlowsAsCreditReturns() {
        EndpointPair pair = EndpointPair.connected();
        int id = open(pair, REQUEST, false);
        int size = 300_000; // above the 65535 stream and connection windows
        Bytes message = bytes(size, 7);
        Step<Endpoint> queued = pair.apply(Side.CLIENT, new EndpointEvent.SendData(id, message, true, pair.now()));
        // Exactly one window's worth went out, in frames no larger than the peer's MAX_FRAME_SIZE.
        List<Frame> sent = pair.client().writtenFrames(f -> f instanceof DataFrame);
        assertEquals(65_535, sent.stream().mapToInt(f -> ((DataFrame) f).data().length()).sum());
        assertEquals(List.of(new EndpointActions.Pending(id, size - 65_535)),
                queued.actions().stream().filter(a -> a instanceof EndpointActions.Pending).toList());
        assertEquals(0, pair.client().state().sendable(id));

        // Without Consumed nothing more flows: the server returns connection credit on arrival,
        // but the stream window stays shut.
        pair.settle();
        assertEquals(65_535, pair.server().received(id).length());
        assertEquals(size - 65_535, pair.client().state().pendingBytes(id));

        // The application reads what arrived: credit flows back, the rest follows in rounds.
        int consumed = 0;
        for (int round = 0; round < 100 && consumed < size; round++) {
            int have = pair.server().received(id).length();
            if (have > consumed) {
                pair.apply(Side.SERVER, new EndpointEvent.Consumed(id, have - consumed, pair.now()));
                consumed = have;
            }
            pair.settle();
        }
        assertEquals(message, pair.server().received(id));
        assertEquals(0, pair.client().state().pendingBytes(id));
        assertEquals(StreamState.HALF_CLOSED_REMOTE, pair.server().state().streamState(id));
        List<EndpointActions.Pending> pending = pair.client().actions(EndpointActions.Pending.class);
        assertEquals(new EndpointActions.Pending(id, 0), pending.get(pending.size() - 1));
        for (int i = 1; i < pending.size(); i++) {
            assertTrue(pending.get(i).bytes() < pending.get(i - 1).bytes(), "pending only shrinks: " + pending);
        }
        // END_STREAM rode on the last DATA frame only.
        List<Frame> all = pair.client().writtenFrames(f -> f instanceof DataFrame);
        for (int i = 0; i < all.size(); i++) assertEquals(i == all.size() - 1, ((DataFrame) all.get(i)).endStream());
        assertTrue(pair.server().writtenFrames(f -> f instanceof WindowUpdateFrame w && w.streamId() == id).size() > 0);
        assertTrue(pair.client().violations().isEmpty() && pair.server().violations().isEmpty());
    }

    @Test
    @Checks({"FC-5", "FC-10", "SET-10"})
    void initialWindowChangeMidConnectionMovesOpenStreams() {
        EndpointPair pair = EndpointPair.connected();
        int a = open(pair, REQUEST, false);
        int b = open(pair, REQUEST, false);
        pair.apply(Side.CLIENT, new EndpointEvent.SendData(a, bytes(1000, 3), false, pair.now()));
        pair.settle();
        assertEquals(64_535, pair.client().state().streamSendWindow(a).getAsInt());

        // The server raises its stream window: the client moves both open streams by the delta
        // on receipt; the server's receive windows move when the client's ACK arrives.
        int grown = 200_000;
        pair.apply(Side.SERVER, new EndpointEvent.ChangeSettings(
                List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, grown)), pair.now()));
        assertEquals(65_535, pair.server().state().localSettings().initialWindowSize(), "not before the ACK");
        assertEquals(64_535, pair.server().state().streamReceiveWindow(a).getAsInt());
        pair.deliverOne(Side.CLIENT);
        int delta = grown - 65_535;
        assertEquals(64_535 + delta, pair.client().state().streamSendWindow(a).getAsInt());
        assertEquals(65_535 + delta, pair.client().state().streamSendWindow(b).getAsInt());
        assertEquals(65_535, pair.client().state().connectionSendWindow() + 1000, "the connection window does not move");
        pair.settle();
        assertEquals(grown, pair.server().state().localSettings().initialWindowSize());
        assertEquals(64_535 + delta, pair.server().state().streamReceiveWindow(a).getAsInt());
        // A stream opened now starts at the new size on both sides.
        int c = open(pair, REQUEST, false);
        pair.settle();
        assertEquals(grown, pair.client().state().streamSendWindow(c).getAsInt());
        assertEquals(grown, pair.server().state().streamReceiveWindow(c).getAsInt());

        // Then it shrinks below what is in flight: the client's window goes negative (FC-5) and
        // data queued meanwhile waits.
        pair.apply(Side.CLIENT, new EndpointEvent.SendData(c, bytes(65_000, 4), false, pair.now()));
        pair.apply(Side.SERVER, new EndpointEvent.ChangeSettings(
                List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, 1000)), pair.now()));
        pair.settle();
        assertTrue(pair.client().state().streamSendWindow(c).getAsInt() < 0);
        assertTrue(pair.client().violations().isEmpty() && pair.server().violations().isEmpty(),
                pair.client().violations() + " " + pair.server().violations());
    }

    @Test
    @Checks({"STR-8"})
    void trailersWaitBehindQueuedData() {
        EndpointPair pair = EndpointPair.connected();
        int id = open(pair, REQUEST, true);
        pair.settle();
        pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(id, RESPONSE, false, pair.now()));
        Bytes big = bytes(100_000, 5);
        pair.apply(Side.SERVER, new EndpointEvent.SendData(id, big, false, pair.now()));
        Step<Endpoint> trailers = pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(id, TRAILERS, true, pair.now()));
        assertTrue(trailers.actions().stream().noneMatch(x -> x instanceof StreamActions.WriteHeaders), "trailers wait");
        assertTrue(pair.server().state().hasQueued(id));
        assertTrue(pair.server().state().localEndQueued(id));
        // Nothing may follow a queued END_STREAM.
        assertEquals("STR-8", Endpoints.step(pair.server().state(),
                new EndpointEvent.SendData(id, bytes(1, 0), false, 0)).violation().rule().id());

        int consumed = 0;
        for (int round = 0; round < 50 && !pair.client().state().streamState(id).equals(StreamState.CLOSED); round++) {
            pair.settle();
            int have = pair.client().received(id).length();
            if (have > consumed) pair.apply(Side.CLIENT, new EndpointEvent.Consumed(id, have - consumed, pair.now()));
            consumed = have;
        }
        assertEquals(big, pair.client().received(id));
        assertEquals(StreamState.CLOSED, pair.client().state().streamState(id));
        List<Frame> frames = pair.server().written();
        Frame last = frames.stream().filter(f -> f.streamId() == id).reduce((x, y) -> y).orElseThrow();
        assertTrue(last instanceof HeadersFrame h && h.endStream(), "trailers are the stream's last frame: " + last);
        assertFalse(pair.server().state().hasQueued(id));
    }

    /**
     * Found by the call model (ci-grpc): a server that finishes before the request ended sends
     * RST_STREAM(NO_ERROR) after its response (RPC-26); while the response still waited for
     * credit the reset went out at once, overtook the queued DATA and trailers, and the client
     * saw "stream reset with NO_ERROR" (INTERNAL) instead of the server's status.
     */
    @Test
    @Checks({"RPC-26"})
    void aNoErrorResetWaitsBehindTheResponseItEnds() {
        EndpointPair pair = EndpointPair.connected();
        int id = open(pair, REQUEST, false); // the request stays open
        pair.settle();
        pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(id, RESPONSE, false, pair.now()));
        Bytes big = bytes(100_000, 7);
        pair.apply(Side.SERVER, new EndpointEvent.SendData(id, big, false, pair.now()));
        pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(id, TRAILERS, true, pair.now()));
        Step<Endpoint> reset = pair.apply(Side.SERVER, new EndpointEvent.ResetStream(id, io.grpcspec.wire.ErrorCode.NO_ERROR, pair.now()));
        assertTrue(reset.actions().stream().noneMatch(x -> x instanceof io.grpcspec.spec.Actions.WriteFrame w
                && w.frame() instanceof io.grpcspec.wire.RstStreamFrame), "the reset waits behind the response");
        assertTrue(pair.server().state().hasQueued(id));

        int consumed = 0;
        for (int round = 0; round < 50 && !pair.client().state().streamState(id).equals(StreamState.CLOSED); round++) {
            pair.settle();
            int have = pair.client().received(id).length();
            if (have > consumed) pair.apply(Side.CLIENT, new EndpointEvent.Consumed(id, have - consumed, pair.now()));
            consumed = have;
        }
        assertEquals(big, pair.client().received(id), "the whole response arrived");
        List<Frame> frames = pair.server().written().stream().filter(f -> f.streamId() == id).toList();
        assertTrue(frames.get(frames.size() - 1) instanceof io.grpcspec.wire.RstStreamFrame r && r.errorCode() == 0,
                "the reset is the stream's last frame: " + frames.get(frames.size() - 1));
        assertTrue(frames.get(frames.size() - 2) instanceof HeadersFrame h && h.endStream(), "right after the trailers");
        assertFalse(pair.server().state().hasQueued(id));
        // A reset with an error code still goes at once, discarding what waits.
        EndpointPair other = EndpointPair.connected();
        int s2 = open(other, REQUEST, false);
        other.settle();
        other.apply(Side.SERVER, new EndpointEvent.SendHeaders(s2, RESPONSE, false, other.now()));
        other.apply(Side.SERVER, new EndpointEvent.SendData(s2, big, true, other.now()));
        other.apply(Side.SERVER, new EndpointEvent.ResetStream(s2, io.grpcspec.wire.ErrorCode.CANCEL, other.now()));
        assertFalse(other.server().state().hasQueued(s2));
        assertEquals(StreamState.CLOSED, other.server().state().streamState(s2));
    }

    @Test
    @Checks({"FC-5", "SET-9"})
    void peerSettingsFlushStalledDataInTheSameStep() {
        EndpointPair pair = EndpointPair.connected();
        int id = open(pair, REQUEST, false);
        pair.apply(Side.CLIENT, new EndpointEvent.SendData(id, bytes(100_000, 9), false, pair.now()));
        pair.settle();
        assertEquals(100_000 - 65_535, pair.client().state().pendingBytes(id));
        // Only the stream window is shut: the server returned connection credit on arrival.
        assertTrue(pair.client().state().connectionSendWindow() > 40_000);
        pair.apply(Side.SERVER, new EndpointEvent.ChangeSettings(List.of(
                new Setting(SettingId.INITIAL_WINDOW_SIZE, 1 << 20), new Setting(SettingId.MAX_FRAME_SIZE, 1 << 16)), pair.now()));
        int before = pair.client().written().size();
        pair.deliverOne(Side.CLIENT); // the SETTINGS frame
        // In that one step: the ACK, then the rest of the data in one frame, since the new
        // MAX_FRAME_SIZE (65536) took effect together with the larger window.
        assertEquals(List.of(io.grpcspec.wire.SettingsFrame.ACK_FRAME, new DataFrame(id, bytes(100_000, 9).slice(65_535, 100_000), false)),
                pair.client().written().subList(before, pair.client().written().size()));
        assertEquals(0, pair.client().state().pendingBytes(id));
    }

    @Test
    @Checks({"FC-3"})
    void creditIsSharedRoundRobinAcrossStreams() {
        EndpointConfig server = EndpointConfig.server().withSettings(io.grpcspec.spec.connection.Settings.DEFAULT
                .with(new Setting(SettingId.INITIAL_WINDOW_SIZE, 1 << 20)));
        EndpointPair pair = EndpointPair.connected(EndpointConfig.client(), server);
        int a = open(pair, REQUEST, false);
        int b = open(pair, REQUEST, false);
        pair.apply(Side.CLIENT, new EndpointEvent.SendData(a, bytes(200_000, 1), false, pair.now()));
        pair.apply(Side.CLIENT, new EndpointEvent.SendData(b, bytes(200_000, 2), false, pair.now()));
        // Stream a took the whole connection window before b had anything queued.
        assertEquals(0, pair.client().state().connectionSendWindow());
        assertEquals(200_000, pair.client().state().pendingBytes(b));
        // The server returns connection credit as data arrives; each release is shared.
        int before = pair.client().written().size();
        pair.settle();
        List<Integer> order = pair.client().written().subList(before, pair.client().written().size()).stream()
                .filter(f -> f instanceof DataFrame).map(Frame::streamId).toList();
        assertEquals(b, order.get(0), "the stream not served last goes first: " + order);
        for (int i = 1; i < Math.min(order.size(), 6); i++) {
            assertTrue(!order.get(i).equals(order.get(i - 1)), "frames alternate while both wait: " + order);
        }
    }

    @Test
    @Checks({"STR-8"})
    void emptyDataWithEndStreamIsAnEmptyFrame() {
        EndpointPair pair = EndpointPair.connected();
        int id = open(pair, REQUEST, false);
        Step<Endpoint> st = pair.apply(Side.CLIENT, new EndpointEvent.SendData(id, Bytes.EMPTY, true, pair.now()));
        assertEquals(List.of(new io.grpcspec.spec.Actions.WriteFrame(new DataFrame(id, Bytes.EMPTY, true))),
                st.actions().stream().filter(x -> x instanceof io.grpcspec.spec.Actions.WriteFrame).toList());
        assertEquals(StreamState.HALF_CLOSED_LOCAL, pair.client().state().streamState(id));
        // Empty data without END_STREAM writes nothing.
        int b = open(pair, REQUEST, false);
        int before = pair.client().written().size();
        pair.apply(Side.CLIENT, new EndpointEvent.SendData(b, Bytes.EMPTY, false, pair.now()));
        assertEquals(before, pair.client().written().size());
        assertFalse(pair.client().state().hasQueued(b));
    }

    @Test
    @Checks({"STR-8"})
    void anotherStreamsHeadersOvertakeQueuedTrailers() {
        // Why a driver must HPACK-encode at WriteHeaders time (spec/endpoint.md, decision 11).
        EndpointPair pair = EndpointPair.connected();
        int a = open(pair, REQUEST, true);
        int b = open(pair, REQUEST, true);
        pair.settle();
        pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(a, RESPONSE, false, pair.now()));
        pair.apply(Side.SERVER, new EndpointEvent.SendData(a, bytes(100_000, 3), false, pair.now()));
        List<HeaderField> trailersA = List.of(new HeaderField("grpc-status", "0"), new HeaderField("x-stream", "a"));
        List<HeaderField> headersB = List.of(new HeaderField(":status", "200"), new HeaderField("x-stream", "b"));
        pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(a, trailersA, true, pair.now())); // submitted first
        pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(b, headersB, false, pair.now())); // written first
        int consumed = 0;
        for (int round = 0; round < 50 && pair.client().state().streamState(a) != StreamState.CLOSED; round++) {
            pair.settle();
            int have = pair.client().received(a).length();
            if (have > consumed) pair.apply(Side.CLIENT, new EndpointEvent.Consumed(a, have - consumed, pair.now()));
            consumed = have;
        }
        List<List<HeaderField>> written = pair.server().actions(StreamActions.WriteHeaders.class).stream()
                .map(StreamActions.WriteHeaders::fields).toList();
        assertEquals(List.of(RESPONSE, headersB, trailersA), written);
        // Encoded when written, so the client's decoder (whose table follows the wire) reads each list back.
        assertEquals(List.of(new Effect.Headers(a, RESPONSE, false, false), new Effect.Headers(b, headersB, false, false),
                new Effect.Headers(a, trailersA, true, true)), pair.client().effects(Effect.Headers.class));
        assertEquals(StreamState.CLOSED, pair.client().state().streamState(a));
    }
}
