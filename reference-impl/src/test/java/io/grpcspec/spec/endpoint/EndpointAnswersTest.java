package io.grpcspec.spec.endpoint;

import static io.grpcspec.spec.endpoint.EndpointStreamsTest.REQUEST;
import static io.grpcspec.spec.endpoint.EndpointStreamsTest.RESPONSE;
import static io.grpcspec.spec.endpoint.EndpointStreamsTest.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Scope;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.endpoint.EndpointPair.Side;
import io.grpcspec.spec.stream.DataFraming;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.SettingsFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Strict in the verdict, robust in the answer: where RFC 9113 lets the receiver choose (a MAY),
 * the default endpoint drops the offending frame, keeps the connection and reports the fault
 * ({@code Effect.PeerTolerated}); with strict answers it ends the connection. Both report the
 * same rule. Also the outbound DATA framing the negative interop scenarios use.
 */
class EndpointAnswersTest {

    private static EndpointConfig server(boolean strict) {
        EndpointConfig c = EndpointConfig.server();
        return c.withStreams(c.streams().withStrictAnswers(strict));
    }

    /** grpc-java's stress client, as seen in issue #10: HEADERS, RST_STREAM(CANCEL), then DATA on the same stream. */
    private static EndpointPair dataAfterOwnReset(boolean strict) {
        EndpointPair pair = EndpointPair.connected(EndpointConfig.client(), server(strict));
        int id = open(pair, REQUEST, false);
        pair.settle();
        pair.inject(Side.CLIENT, new RstStreamFrame(id, ErrorCode.CANCEL));
        pair.inject(Side.CLIENT, new DataFrame(id, Bytes.of(new byte[12_518]), false));
        pair.settle();
        return pair;
    }

    @Test
    @Checks({"STR-3", "FC-9"})
    void dataOnAStreamThePeerResetIsDroppedAndReportedByDefault() {
        EndpointPair pair = dataAfterOwnReset(false);
        EndpointPair.Peer server = pair.server();
        List<Effect.PeerTolerated> reported = server.effects(Effect.PeerTolerated.class);
        assertEquals(1, reported.size(), () -> server.effects().toString());
        assertEquals("STR-3", reported.get(0).violation().rule().id());
        assertEquals(ErrorCode.STREAM_CLOSED, reported.get(0).violation().code(), "what strict answers would send");
        assertTrue(server.effects(Effect.PeerViolation.class).isEmpty(), "no answer was sent");
        assertFalse(server.state().closed(), "the connection goes on");
        assertTrue(server.writtenFrames(f -> f instanceof GoAwayFrame).isEmpty());
        // The dropped DATA still counted on the connection window (FC-9).
        assertEquals(65_535 - 12_518, server.state().connectionReceiveWindow(), () -> server.written().toString());
        // The next call on the same connection works.
        int next = open(pair, REQUEST, true);
        pair.settle();
        pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(next, RESPONSE, true, pair.now()));
        pair.settle();
        assertTrue(pair.client().effects(Effect.StreamClosed.class).stream().anyMatch(c -> c.streamId() == next));
    }

    @Test
    @Checks({"STR-3"})
    void strictAnswersEndTheConnectionWithStreamClosed() {
        EndpointPair.Peer server = dataAfterOwnReset(true).server();
        List<Effect.PeerViolation> v = server.effects(Effect.PeerViolation.class);
        assertEquals(1, v.size());
        assertEquals("STR-3", v.get(0).violation().rule().id());
        assertEquals(Scope.CONNECTION, v.get(0).violation().scope());
        assertTrue(server.effects(Effect.PeerTolerated.class).isEmpty());
        assertTrue(server.state().closed());
        GoAwayFrame g = (GoAwayFrame) server.writtenFrames(f -> f instanceof GoAwayFrame).get(0);
        assertEquals(ErrorCode.STREAM_CLOSED.code(), g.errorCode());
    }

    @Test
    @Checks({"SET-11"})
    void aSettingsAckForNothingIsReportedAndIgnoredOrStrictlyAProtocolError() {
        for (boolean strict : new boolean[] {false, true}) {
            EndpointPair pair = EndpointPair.connected(EndpointConfig.client(), server(strict));
            pair.inject(Side.CLIENT, SettingsFrame.ACK_FRAME); // every SETTINGS of ours is acknowledged already
            pair.settle();
            EndpointPair.Peer server = pair.server();
            if (strict) {
                assertEquals("SET-11", server.effects(Effect.PeerViolation.class).get(0).violation().rule().id());
                assertEquals(ErrorCode.PROTOCOL_ERROR.code(),
                        ((GoAwayFrame) server.writtenFrames(f -> f instanceof GoAwayFrame).get(0)).errorCode());
                assertTrue(server.state().closed());
            } else {
                assertEquals("SET-11", server.effects(Effect.PeerTolerated.class).get(0).violation().rule().id());
                assertFalse(server.state().closed());
            }
        }
    }

    @Test
    @Checks({"FC-4", "FC-3"})
    void dataFramingCutsSmallPaddedFramesAndCountsThePaddingAgainstTheWindows() {
        EndpointConfig c = EndpointConfig.server();
        EndpointConfig padded = c.withStreams(c.streams().withDataFraming(new DataFraming(5, 255)));
        EndpointPair pair = EndpointPair.connected(EndpointConfig.client(), padded);
        int id = open(pair, REQUEST, true);
        pair.settle();
        pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(id, RESPONSE, false, pair.now()));
        pair.apply(Side.SERVER, new EndpointEvent.SendData(id, Bytes.of(new byte[1000]), false, pair.now()));
        List<Frame> data = pair.server().writtenFrames(f -> f instanceof DataFrame);
        // 65 535 octets of stream window, 261 flow-controlled octets per frame: 251 frames fit before the client's credit.
        assertEquals(200, data.size(), "1000 octets in 5-octet frames, all within the first window");
        for (Frame f : data) {
            DataFrame d = (DataFrame) f;
            assertEquals(5, d.data().length());
            assertEquals(255, d.padLength());
            assertEquals(261, d.flowControlledLength());
        }
        assertEquals(65_535 - 200 * 261, pair.server().state().streamSendWindow(id).getAsInt());
        pair.settle();
        assertEquals(Bytes.of(new byte[1000]), pair.client().received(id), "the client reassembles the data without the padding");
    }

    @Test
    @Checks({"FC-3"})
    void paddedFramesWaitUntilTheWindowHoldsTheirPaddingToo() {
        EndpointConfig c = EndpointConfig.server();
        EndpointConfig padded = c.withStreams(c.streams().withDataFraming(new DataFraming(5, 255)));
        EndpointPair pair = EndpointPair.connected(EndpointConfig.client(), padded);
        int id = open(pair, REQUEST, true);
        pair.settle();
        pair.apply(Side.SERVER, new EndpointEvent.SendHeaders(id, RESPONSE, false, pair.now()));
        pair.apply(Side.SERVER, new EndpointEvent.SendData(id, Bytes.of(new byte[2000]), false, pair.now()));
        int frames = pair.server().writtenFrames(f -> f instanceof DataFrame).size();
        assertEquals(65_535 / 261, frames, "only whole padded frames fit in the window");
        assertTrue(pair.server().state().streamSendWindow(id).getAsInt() < 261);
        assertTrue(pair.server().state().pendingBytes(id) > 0);
    }
}
