package io.grpcspec.spec.endpoint;

import static io.grpcspec.spec.endpoint.EndpointStreamsTest.REQUEST;
import static io.grpcspec.spec.endpoint.EndpointStreamsTest.RESPONSE;
import static io.grpcspec.spec.endpoint.EndpointStreamsTest.STATIC_BLOCK;
import static io.grpcspec.spec.endpoint.EndpointStreamsTest.TRAILERS;
import static io.grpcspec.spec.endpoint.EndpointStreamsTest.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.codec.FrameRules;
import io.grpcspec.spec.connection.ConnectionActions;
import io.grpcspec.spec.connection.GoAwayState;
import io.grpcspec.spec.connection.Phase;
import io.grpcspec.spec.endpoint.EndpointPair.Side;
import io.grpcspec.spec.keepalive.ConnectionManagerConfig;
import io.grpcspec.spec.keepalive.Durations;
import io.grpcspec.spec.stream.StreamActions;
import io.grpcspec.spec.stream.StreamState;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameError;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.RstStreamFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointConnectionTest {

    @Test
    @Checks({"KA-1", "KA-2"})
    void applicationPingIsAcknowledgedAndReported() {
        EndpointPair pair = EndpointPair.connected();
        pair.apply(Side.CLIENT, new EndpointEvent.SendPing(42, pair.now()));
        assertEquals(List.of(42L), pair.client().state().pingsOutstanding());
        pair.settle();
        assertEquals(List.of(new PingFrame(true, 42)), pair.server().writtenFrames(f -> f instanceof PingFrame));
        assertEquals(List.of(new EndpointActions.PingAcked(42)), pair.client().actions(EndpointActions.PingAcked.class));
        assertTrue(pair.client().state().pingsOutstanding().isEmpty());
        // An ACK nobody asked for is read and otherwise ignored: no answer, no report (KA-2).
        pair.inject(Side.SERVER, new PingFrame(true, 7));
        pair.settle();
        assertEquals(1, pair.client().actions(EndpointActions.PingAcked.class).size());
        assertTrue(pair.client().writtenFrames(f -> f instanceof PingFrame p && p.ack()).isEmpty());
    }

    @Test
    @Checks({"GA-1", "GA-2", "GA-3", "GA-4", "GA-8", "GA-9"})
    void gracefulServerShutdownLetsProcessedStreamsFinish() {
        EndpointPair pair = EndpointPair.connected();
        int first = open(pair, REQUEST, true);
        pair.settle();
        long ping = 0x0102030405060708L;
        pair.apply(Side.SERVER, new EndpointEvent.Shutdown(true, ping, pair.now()));
        assertEquals(List.of(new GoAwayFrame(GoAwayState.MAX_STREAM_ID, ErrorCode.NO_ERROR, Bytes.EMPTY), new PingFrame(false, ping)),
                pair.server().writtenFrames(f -> f instanceof GoAwayFrame || (f instanceof PingFrame p && !p.ack())));
        // A stream the client opens before it sees the GOAWAY crosses it on the wire.
        int crossing = open(pair, REQUEST, true);
        pair.settle();
        assertEquals(GoAwayState.Sent.FINAL, pair.server().state().goAwaySent());
        assertEquals(crossing, pair.server().state().goAway().lastSent(), "the second GOAWAY names the crossing stream");
        assertEquals(StreamState.HALF_CLOSED_REMOTE, pair.server().state().streamState(crossing), "accepted after the heads-up");
        assertEquals(Phase.DRAINING, pair.client().state().phase());
        assertFalse(pair.client().state().canOpenStream());
        // A new call now is not processed: the gRPC layer may retry it elsewhere.
        Step<Endpoint> refused = pair.apply(Side.CLIENT, new EndpointEvent.OpenStream(REQUEST, true, pair.now()));
        assertEquals(List.of(new ConnectionActions.StreamsNotProcessed(List.of(crossing + 2))), refused.actions());
        // A peer that opens a stream anyway is ignored, its header block still decoded.
        pair.inject(Side.CLIENT, new HeadersFrame(crossing + 4, STATIC_BLOCK, true, true));
        pair.settle();
        assertTrue(pair.server().log().contains(new ConnectionActions.IgnoreStream(crossing + 4)));
        assertTrue(pair.server().log().contains(new StreamActions.DiscardHeaders(crossing + 4, STATIC_BLOCK)));
        assertEquals(StreamState.IDLE, pair.server().state().streamState(crossing + 4));
        // Both streams finish; the last one to close ends the connection on both sides.
        for (int id : List.of(first, crossing)) {
            assertFalse(pair.server().state().closed());
            pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(id, RESPONSE, false, pair.now()));
            pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(id, TRAILERS, true, pair.now()));
        }
        pair.settle();
        assertTrue(pair.server().state().closed());
        assertTrue(pair.client().state().closed());
        assertEquals(2, pair.client().actions(StreamActions.DeliverHeaders.class).stream().filter(StreamActions.DeliverHeaders::trailers).count());
        assertTrue(pair.client().violations().isEmpty() && pair.server().violations().isEmpty());
    }

    @Test
    @Checks({"GA-7"})
    void goAwayBelowOpenStreamsReportsThemNotProcessedWithoutReset() {
        EndpointPair pair = EndpointPair.connected();
        int a = open(pair, REQUEST, false);
        int b = open(pair, REQUEST, false);
        pair.apply(Side.CLIENT, new EndpointEvent.SendData(b, Bytes.ofAscii("queued"), false, pair.now()));
        pair.client().inbox().clear(); // nothing of it reaches the server in this test
        pair.inject(Side.SERVER, new GoAwayFrame(a, ErrorCode.NO_ERROR, Bytes.EMPTY));
        int writtenBefore = pair.client().written().size();
        pair.deliverOne(Side.CLIENT);
        assertTrue(pair.client().log().contains(new ConnectionActions.StreamsNotProcessed(List.of(b))));
        assertEquals(StreamState.CLOSED, pair.client().state().streamState(b));
        assertEquals(StreamState.OPEN, pair.client().state().streamState(a));
        assertTrue(pair.client().written().subList(writtenBefore, pair.client().written().size()).stream()
                .noneMatch(f -> f instanceof RstStreamFrame), "the peer ignores the stream anyway: no RST_STREAM");
        assertEquals(Phase.DRAINING, pair.client().state().phase());
    }

    @Test
    @Checks({"KA-10", "KA-11", "KA-1"})
    void thirdPingStrikeEndsTheConnectionWithTooManyPings() {
        EndpointPair pair = EndpointPair.connected();
        for (int i = 1; i <= 4; i++) pair.apply(Side.CLIENT, new EndpointEvent.SendPing(i, pair.now()));
        pair.settle();
        // Four PINGs with no call open: the first is valid, the next three are strikes.
        List<Frame> out = pair.server().writtenFrames(f -> f instanceof PingFrame || f instanceof GoAwayFrame);
        assertEquals(List.of(new PingFrame(true, 1), new PingFrame(true, 2), new PingFrame(true, 3), new PingFrame(true, 4),
                new GoAwayFrame(0, ErrorCode.ENHANCE_YOUR_CALM, Bytes.ofAscii("too_many_pings"))), out);
        assertEquals("KA-10", pair.server().violations().get(0).rule().id());
        assertTrue(pair.server().actions(EndpointActions.PeerViolation.class).stream()
                .anyMatch(v -> v.violation().rule().id().equals("KA-10")));
        assertTrue(pair.server().state().closed());
        assertTrue(pair.client().state().closed());
        assertEquals(ErrorCode.ENHANCE_YOUR_CALM, pair.client().actions(ConnectionActions.PeerGoingAway.class).get(0).code());
    }

    @Test
    @Checks({"KA-12"})
    void headersTheServerWritesClearTheStrikes() {
        EndpointPair pair = EndpointPair.connected();
        int id = open(pair, REQUEST, true);
        pair.settle();
        pair.apply(Side.CLIENT, new EndpointEvent.SendPing(1, pair.now()));
        pair.apply(Side.CLIENT, new EndpointEvent.SendPing(2, pair.now()));
        pair.settle();
        assertEquals(1, pair.server().state().enforcer().strikes());
        pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(id, RESPONSE, false, pair.now()));
        assertEquals(0, pair.server().state().enforcer().strikes());
        for (int i = 3; i <= 5; i++) pair.apply(Side.CLIENT, new EndpointEvent.SendPing(i, pair.now()));
        pair.settle();
        // Without the reset the fifth PING would have been the third strike.
        assertFalse(pair.server().state().closed());
        assertEquals(2, pair.server().state().enforcer().strikes());
    }

    @Test
    @Checks({"KA-13"})
    void maxIdleStartsTheTwoPhaseGoAwayWithItsDebugData() {
        EndpointConfig server = EndpointConfig.server()
                .withConnectionManagement(new ConnectionManagerConfig(10 * Durations.SECOND, Durations.INFINITE, Durations.INFINITE));
        EndpointPair pair = EndpointPair.connected(EndpointConfig.client(), server);
        pair.advance(11 * Durations.SECOND);
        assertEquals(new GoAwayFrame(GoAwayState.MAX_STREAM_ID, ErrorCode.NO_ERROR, Bytes.ofAscii("max_idle")),
                pair.server().writtenFrames(f -> f instanceof GoAwayFrame).get(0));
        // With no call open the client closes on the first GOAWAY (as grpc-go's client does),
        // before it reads the PING; the server sees the end of the stream and closes too.
        pair.settle();
        assertEquals(Bytes.ofAscii("max_idle"), pair.client().actions(ConnectionActions.PeerGoingAway.class).get(0).debugData());
        assertTrue(pair.server().state().closed());
        assertTrue(pair.client().state().closed());
    }

    @Test
    @Checks({"FC-1"})
    void windowUpdateZeroOnAStreamIsAnsweredWithRstStream() {
        EndpointPair pair = EndpointPair.connected();
        int id = open(pair, REQUEST, false);
        pair.settle();
        pair.inject(Side.CLIENT, new io.grpcspec.wire.WindowUpdateFrame(id, 0));
        pair.settle();
        assertEquals("FC-1", pair.server().violations().get(0).rule().id());
        assertEquals(List.of(new RstStreamFrame(id, ErrorCode.PROTOCOL_ERROR)), pair.server().writtenFrames(f -> f instanceof RstStreamFrame));
        assertEquals(StreamState.CLOSED, pair.server().state().streamState(id));
        assertEquals(StreamState.CLOSED, pair.client().state().streamState(id));
        assertFalse(pair.server().state().closed(), "a stream error leaves the connection up");
        assertEquals(1, pair.server().actions(EndpointActions.PeerViolation.class).size());
        assertEquals(ErrorCode.PROTOCOL_ERROR.code(), pair.client().actions(StreamActions.PeerReset.class).get(0).errorCode());
    }

    @Test
    @Checks({"FR-12", "GA-10"})
    void frameLayerViolationIsAnsweredWithGoAway() {
        EndpointPair pair = EndpointPair.connected();
        int id = open(pair, REQUEST, false);
        pair.settle();
        // What the codec reports; the spec makes it FR-12, PROTOCOL_ERROR, connection scope.
        EndpointEvent.FrameRejected e = new EndpointEvent.FrameRejected(new FrameError(
                FrameError.Kind.STREAM_FRAME_ON_STREAM_ZERO, 0, 0x0, "DATA on stream 0", null), pair.now());
        io.grpcspec.spec.Violation v = new io.grpcspec.spec.Violation(FrameRules.FR_12,
                ErrorCode.PROTOCOL_ERROR, io.grpcspec.spec.Scope.CONNECTION, 0, "DATA on stream 0");
        Endpoint before = pair.server().state();
        assertEquals(v, Endpoints.step(before, e).violation());
        Step<Endpoint> answer = Endpoints.recover(before, e, v);
        assertEquals(List.of(new EndpointActions.PeerViolation(v),
                        new Actions.WriteFrame(new GoAwayFrame(id, ErrorCode.PROTOCOL_ERROR, Bytes.ofAscii("FR-12: DATA on stream 0"))),
                        new Actions.CloseConnection("connection error " + v)),
                answer.actions());
        assertTrue(answer.state().closed());
    }

    @Test
    @Checks({"HB-1", "HB-2"})
    void headerBlockInterleavingIsAConnectionError() {
        for (Frame intruder : List.<Frame>of(new HeadersFrame(3, STATIC_BLOCK, true, true),
                new io.grpcspec.wire.ContinuationFrame(3, STATIC_BLOCK, true))) {
            EndpointPair pair = EndpointPair.connected();
            int id = open(pair, REQUEST, false);
            pair.settle();
            pair.inject(Side.SERVER, new HeadersFrame(id, Bytes.ofAscii("part"), false, false));
            pair.inject(Side.SERVER, intruder);
            pair.settle();
            String rule = intruder instanceof HeadersFrame ? "HB-1" : "HB-2";
            assertEquals(rule, pair.client().violations().get(0).rule().id());
            GoAwayFrame g = (GoAwayFrame) pair.client().writtenFrames(f -> f instanceof GoAwayFrame).get(0);
            assertEquals(ErrorCode.PROTOCOL_ERROR, g.code());
            assertTrue(g.debugData().ascii().startsWith(rule + ": "));
            assertTrue(pair.client().state().closed());
            assertTrue(pair.server().state().closed(), "the server saw the GOAWAY and the end of the stream");
        }
    }

    @Test
    @Checks({"CONN-5"})
    void handshakeDeadlineClosesAServerThatNeverHearsTheClient() {
        EndpointPair pair = EndpointPair.started(EndpointConfig.client(), EndpointConfig.server());
        pair.client().inbox().clear();
        pair.server().inbox().clear();
        assertTrue(pair.server().timers().containsKey(Timer.HANDSHAKE));
        pair.fire(Side.SERVER, Timer.HANDSHAKE);
        assertTrue(pair.server().state().closed());
        assertEquals(1, pair.server().actions(Actions.CloseConnection.class).size());
    }
}
