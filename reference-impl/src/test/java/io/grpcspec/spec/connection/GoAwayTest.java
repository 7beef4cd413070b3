package io.grpcspec.spec.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Role;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.PingFrame;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** GOAWAY, draining and graceful shutdown, RFC 9113 §6.8 and gRPC's two-phase GOAWAY. */
class GoAwayTest {

    private static final int MAX = Integer.MAX_VALUE;
    private static final long PING_TIMEOUT = ConnectionConfig.DEFAULT_GOAWAY_PING_TIMEOUT_NANOS;

    private static ConnectionEvent.FrameReceived goAway(int last, ErrorCode code) {
        return Conn.frame(new GoAwayFrame(last, code, Bytes.EMPTY));
    }

    private static Actions.WriteFrame writeGoAway(int last) {
        return new Actions.WriteFrame(new GoAwayFrame(last, ErrorCode.NO_ERROR, Bytes.EMPTY));
    }

    /** A server with client streams 1, 3 and 5 open. */
    private static ConnectionState serverWithStreams() {
        return Conn.run(Conn.operational(Role.SERVER), new ConnectionEvent.StreamOpened(1),
                new ConnectionEvent.StreamOpened(3), new ConnectionEvent.StreamOpened(5));
    }

    private static ConnectionState clientWithStreams() {
        return Conn.run(Conn.operational(Role.CLIENT), new ConnectionEvent.StreamOpened(1),
                new ConnectionEvent.StreamOpened(3), new ConnectionEvent.StreamOpened(5));
    }

    /**
     * The open streams share structure, yet a state compares and hashes by its elements: the same
     * streams reached by other steps (or given as a TreeSet) make an equal state, which the model
     * checker's interning of visited states relies on.
     */
    @Test
    void openStreamsCompareByElementsWhateverTheirHistory() {
        ConnectionState opened = serverWithStreams();
        ConnectionState viaSeven = Conn.run(Conn.run(Conn.operational(Role.SERVER), new ConnectionEvent.StreamOpened(1),
                new ConnectionEvent.StreamOpened(3), new ConnectionEvent.StreamOpened(7)), new ConnectionEvent.StreamOpened(5));
        ConnectionState closedSeven = ConnectionLifecycle.step(viaSeven, new ConnectionEvent.StreamClosed(7)).state();
        GoAwayState g = opened.goAway();
        assertEquals(g.open(), closedSeven.goAway().open());
        GoAwayState sameStreams = g.withOpen(closedSeven.goAway().open(), g.highestPeerStream());
        assertEquals(g, sameStreams);
        assertEquals(g.hashCode(), sameStreams.hashCode());
        assertEquals(List.of(1, 3, 5), List.copyOf(g.open()));
        GoAwayState fromTreeSet = new GoAwayState(g.role(), g.sent(), g.lastSent(), g.pingData(), g.lastReceived(),
                g.highestPeerStream(), new java.util.TreeSet<>(Set.of(5, 3, 1)));
        assertEquals(g, fromTreeSet);
        assertEquals(g.hashCode(), fromTreeSet.hashCode());
        assertFalse(g.equals(viaSeven.goAway()), "stream 7 open is another state");
        // the state before the close is unchanged by it
        assertEquals(List.of(1, 3, 5, 7), List.copyOf(viaSeven.goAway().open()));
    }

    @Test
    @Checks("GA-1")
    void serverShutdownStartsWithMaximalGoAwayAndPing() {
        Step<ConnectionState> step = ConnectionLifecycle.step(serverWithStreams(), new ConnectionEvent.Shutdown(Conn.PING));
        assertEquals(List.<Action>of(
                writeGoAway(MAX),
                new Actions.WriteFrame(new PingFrame(false, Conn.PING)),
                new Actions.ArmTimer(Timer.GOAWAY_PING, PING_TIMEOUT)), step.actions());
        assertEquals(Phase.DRAINING, step.state().phase());
        assertEquals(GoAwayState.Sent.HEADS_UP, step.state().goAway().sent());
        // a second shutdown request changes nothing
        Step<ConnectionState> again = ConnectionLifecycle.step(step.state(), new ConnectionEvent.Shutdown(7));
        assertEquals(step.state(), again.state());
        assertEquals(List.of(), again.actions());
        // a client has no heads-up phase: one GOAWAY naming the server streams it processed (none)
        Step<ConnectionState> client = ConnectionLifecycle.step(clientWithStreams(), new ConnectionEvent.Shutdown(Conn.PING));
        assertEquals(List.<Action>of(writeGoAway(0)), client.actions());
        assertEquals(Phase.DRAINING, client.state().phase());
    }

    @Test
    @Checks("GA-2")
    void pingAckOrTimerSendsTheSecondGoAwayWithTheHighestProcessedStream() {
        ConnectionState headsUp = Conn.run(serverWithStreams(), new ConnectionEvent.Shutdown(Conn.PING));
        Step<ConnectionState> acked = ConnectionLifecycle.step(headsUp, Conn.frame(new PingFrame(true, Conn.PING)));
        assertEquals(List.<Action>of(new Actions.CancelTimer(Timer.GOAWAY_PING), writeGoAway(5)), acked.actions());
        assertEquals(GoAwayState.Sent.FINAL, acked.state().goAway().sent());
        assertEquals(Phase.DRAINING, acked.state().phase());

        Step<ConnectionState> timedOut = ConnectionLifecycle.step(headsUp, new ConnectionEvent.TimerFired(Timer.GOAWAY_PING));
        assertEquals(List.<Action>of(writeGoAway(5)), timedOut.actions());

        // some other PING ACK (a keepalive) is not ours
        Step<ConnectionState> other = ConnectionLifecycle.step(headsUp, Conn.frame(new PingFrame(true, Conn.PING + 1)));
        assertEquals(headsUp, other.state());
        assertEquals(List.of(), other.actions());
        // a PING (not ACK) with our payload is not an answer either
        assertEquals(List.of(), ConnectionLifecycle.step(headsUp, Conn.frame(new PingFrame(false, Conn.PING))).actions());
        // with no stream open the second GOAWAY ends the connection
        ConnectionState idle = Conn.run(Conn.operational(Role.SERVER), new ConnectionEvent.Shutdown(Conn.PING));
        Step<ConnectionState> done = ConnectionLifecycle.step(idle, Conn.frame(new PingFrame(true, Conn.PING)));
        assertEquals(List.<Action>of(new Actions.CancelTimer(Timer.GOAWAY_PING), writeGoAway(0),
                new Actions.CloseConnection("GOAWAY sent and no stream open")), done.actions());
        assertEquals(Phase.CLOSED, done.state().phase());
    }

    @Test
    @Checks("GA-3")
    void streamsArrivingBetweenTheTwoGoAwaysAreAccepted() {
        ConnectionState headsUp = Conn.run(serverWithStreams(), new ConnectionEvent.Shutdown(Conn.PING));
        Step<ConnectionState> late = ConnectionLifecycle.step(headsUp, new ConnectionEvent.StreamOpened(7));
        assertEquals(List.of(), late.actions());
        assertTrue(late.state().goAway().open().contains(7));
        Step<ConnectionState> second = ConnectionLifecycle.step(late.state(), Conn.frame(new PingFrame(true, Conn.PING)));
        assertEquals(writeGoAway(7), second.actions().get(1));
        // with nothing open, the heads-up phase does not close the connection by itself
        ConnectionState one = Conn.run(Conn.operational(Role.SERVER), new ConnectionEvent.StreamOpened(1),
                new ConnectionEvent.Shutdown(Conn.PING));
        Step<ConnectionState> closed = ConnectionLifecycle.step(one, new ConnectionEvent.StreamClosed(1));
        assertEquals(List.of(), closed.actions());
        assertEquals(Phase.DRAINING, closed.state().phase());
        // not even when the client has sent its own GOAWAY meanwhile
        ConnectionState both = Conn.run(one, goAway(0, ErrorCode.NO_ERROR));
        Step<ConnectionState> stillWaiting = ConnectionLifecycle.step(both, new ConnectionEvent.StreamClosed(1));
        assertEquals(List.of(), stillWaiting.actions());
        ConnectionState idleHeadsUp = Conn.run(Conn.operational(Role.SERVER), new ConnectionEvent.Shutdown(Conn.PING));
        assertFalse(GoAway.closes(ConnectionLifecycle.step(idleHeadsUp, goAway(0, ErrorCode.NO_ERROR))));
        // the second GOAWAY then closes, nothing being open
        Step<ConnectionState> second2 = ConnectionLifecycle.step(stillWaiting.state(), Conn.frame(new PingFrame(true, Conn.PING)));
        assertTrue(GoAway.closes(second2));
    }

    @Test
    @Checks("GA-4")
    void afterTheFinalGoAwayNewerPeerStreamsAreIgnored() {
        ConnectionState fin = Conn.run(serverWithStreams(), new ConnectionEvent.Shutdown(Conn.PING),
                Conn.frame(new PingFrame(true, Conn.PING)));
        Step<ConnectionState> step = ConnectionLifecycle.step(fin, new ConnectionEvent.StreamOpened(7));
        assertEquals(List.<Action>of(new ConnectionActions.IgnoreStream(7)), step.actions());
        assertEquals(fin, step.state());
        // the same after a connection error's GOAWAY would never matter (closed), and before
        // any GOAWAY the stream is simply accepted
        assertEquals(List.of(), ConnectionLifecycle.step(serverWithStreams(), new ConnectionEvent.StreamOpened(7)).actions());
    }

    @Test
    @Checks("GA-5")
    void lastStreamIdNeverIncreases() {
        ConnectionState got5 = Conn.run(clientWithStreams(), goAway(5, ErrorCode.NO_ERROR));
        Step<ConnectionState> raised = ConnectionLifecycle.step(got5, goAway(7, ErrorCode.NO_ERROR));
        Violation v = raised.violation();
        assertEquals(GoAwayRules.GA_5, v.rule());
        assertEquals(ErrorCode.PROTOCOL_ERROR, v.code());
        assertEquals(Scope.CONNECTION, v.scope());
        // equal or lower is fine
        assertFalse(ConnectionLifecycle.step(got5, goAway(5, ErrorCode.NO_ERROR)).isViolation());
        assertFalse(ConnectionLifecycle.step(got5, goAway(3, ErrorCode.NO_ERROR)).isViolation());
        // the server raises no limit either: received by a server from a client too
        ConnectionState server = Conn.run(serverWithStreams(), goAway(0, ErrorCode.NO_ERROR));
        assertEquals(GoAwayRules.GA_5, ConnectionLifecycle.step(server, goAway(2, ErrorCode.NO_ERROR)).violation().rule());
        // our own GOAWAYs go down: heads-up MAX, then 5, then an error after that names <= 5
        ConnectionState fin = Conn.run(serverWithStreams(), new ConnectionEvent.Shutdown(Conn.PING),
                Conn.frame(new PingFrame(true, Conn.PING)), new ConnectionEvent.StreamOpened(7));
        Step<ConnectionState> err = ConnectionLifecycle.step(fin, new ConnectionEvent.ConnectionError(
                new Violation(SettingsRules.SET_6, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0, "x")));
        assertEquals(5, ((GoAwayFrame) ((Actions.WriteFrame) err.actions().get(0)).frame()).lastStreamId());
    }

    @Test
    @Checks("GA-6")
    void serverGoAwayMustNameZeroOrAnOddStream() {
        ConnectionState client = Conn.operational(Role.CLIENT);
        Step<ConnectionState> even = ConnectionLifecycle.step(client, goAway(2, ErrorCode.NO_ERROR));
        assertEquals(GoAwayRules.GA_6, even.violation().rule());
        assertEquals(ErrorCode.PROTOCOL_ERROR, even.violation().code());
        assertEquals(Scope.CONNECTION, even.violation().scope());
        assertFalse(ConnectionLifecycle.step(client, goAway(0, ErrorCode.NO_ERROR)).isViolation());
        assertFalse(ConnectionLifecycle.step(client, goAway(3, ErrorCode.NO_ERROR)).isViolation());
        assertFalse(ConnectionLifecycle.step(client, goAway(MAX, ErrorCode.NO_ERROR)).isViolation());
        // a server does not judge the parity of a client's GOAWAY (grpc-go clients send various values)
        assertFalse(ConnectionLifecycle.step(Conn.operational(Role.SERVER), goAway(2, ErrorCode.NO_ERROR)).isViolation());
    }

    @Test
    @Checks("GA-7")
    void streamsAboveTheLastStreamIdAreReportedNotProcessed() {
        Bytes debug = Bytes.ofAscii("bye");
        Step<ConnectionState> step = ConnectionLifecycle.step(clientWithStreams(),
                Conn.frame(new GoAwayFrame(1, ErrorCode.ENHANCE_YOUR_CALM.code(), debug)));
        assertEquals(List.<Action>of(
                new ConnectionActions.PeerGoingAway(1, ErrorCode.ENHANCE_YOUR_CALM.code(), debug),
                new ConnectionActions.StreamsNotProcessed(List.of(3, 5))), step.actions());
        assertEquals(Set.of(1), step.state().goAway().open());
        assertEquals(Phase.DRAINING, step.state().phase());
        // the heads-up GOAWAY (2^31-1) reports nothing as unprocessed
        Step<ConnectionState> headsUp = ConnectionLifecycle.step(clientWithStreams(), goAway(MAX, ErrorCode.NO_ERROR));
        assertEquals(List.<Action>of(new ConnectionActions.PeerGoingAway(MAX, 0, Bytes.EMPTY)), headsUp.actions());
        // a later, lower GOAWAY reports what it newly excludes
        Step<ConnectionState> lower = ConnectionLifecycle.step(headsUp.state(), goAway(3, ErrorCode.NO_ERROR));
        assertEquals(new ConnectionActions.StreamsNotProcessed(List.of(5)), lower.actions().get(1));
    }

    @Test
    @Checks("GA-8")
    void noNewStreamsAfterGoAwayReceived() {
        ConnectionState draining = Conn.run(clientWithStreams(), goAway(MAX, ErrorCode.NO_ERROR));
        assertFalse(draining.mayOpenLocalStream());
        Step<ConnectionState> step = ConnectionLifecycle.step(draining, new ConnectionEvent.StreamOpened(7));
        assertEquals(List.<Action>of(new ConnectionActions.StreamsNotProcessed(List.of(7))), step.actions());
        assertEquals(draining, step.state());
        assertTrue(clientWithStreams().mayOpenLocalStream());
    }

    @Test
    @Checks("GA-9")
    void drainingConnectionClosesWhenTheLastStreamEnds() {
        ConnectionState draining = Conn.run(clientWithStreams(), goAway(3, ErrorCode.NO_ERROR));
        ConnectionState oneLeft = Conn.run(draining, new ConnectionEvent.StreamClosed(1));
        assertEquals(Phase.DRAINING, oneLeft.phase());
        Step<ConnectionState> last = ConnectionLifecycle.step(oneLeft, new ConnectionEvent.StreamClosed(3));
        assertEquals(List.<Action>of(new Actions.CloseConnection("draining finished")), last.actions());
        assertEquals(Phase.CLOSED, last.state().phase());
        // server side: after the final GOAWAY the last stream closes the connection
        ConnectionState fin = Conn.run(serverWithStreams(), new ConnectionEvent.Shutdown(Conn.PING),
                Conn.frame(new PingFrame(true, Conn.PING)), new ConnectionEvent.StreamClosed(1), new ConnectionEvent.StreamClosed(5));
        Step<ConnectionState> end = ConnectionLifecycle.step(fin, new ConnectionEvent.StreamClosed(3));
        assertEquals(List.<Action>of(new Actions.CloseConnection("draining finished")), end.actions());
        // without a GOAWAY, closing the last stream keeps the connection
        Step<ConnectionState> normal = ConnectionLifecycle.step(Conn.run(Conn.operational(Role.CLIENT),
                new ConnectionEvent.StreamOpened(1)), new ConnectionEvent.StreamClosed(1));
        assertEquals(List.of(), normal.actions());
        assertEquals(Phase.OPERATIONAL, normal.state().phase());
        // GOAWAY with nothing open closes at once
        Step<ConnectionState> empty = ConnectionLifecycle.step(Conn.operational(Role.CLIENT), goAway(0, ErrorCode.NO_ERROR));
        assertEquals(new Actions.CloseConnection("GOAWAY received and no stream open"), empty.actions().get(1));
    }

    @Test
    @Checks("GA-10")
    void connectionErrorSendsGoAwayWithLastProcessedStreamThenCloses() {
        Violation v = new Violation(SettingsRules.SET_5, ErrorCode.FLOW_CONTROL_ERROR, Scope.CONNECTION, 0, "too big");
        Step<ConnectionState> step = ConnectionLifecycle.step(serverWithStreams(), new ConnectionEvent.ConnectionError(v));
        assertEquals(List.<Action>of(
                new Actions.WriteFrame(new GoAwayFrame(5, ErrorCode.FLOW_CONTROL_ERROR, Bytes.ofAscii("SET-5: too big"))),
                new Actions.CloseConnection("connection error " + v)), step.actions());
        assertEquals(Phase.CLOSED, step.state().phase());
        // a client names the server streams it processed: none
        Step<ConnectionState> client = ConnectionLifecycle.step(clientWithStreams(), new ConnectionEvent.ConnectionError(v));
        assertEquals(0, ((GoAwayFrame) ((Actions.WriteFrame) client.actions().get(0)).frame()).lastStreamId());
        // long details are cut so the GOAWAY stays small
        Violation longOne = new Violation(SettingsRules.SET_5, ErrorCode.FLOW_CONTROL_ERROR, Scope.CONNECTION, 0, "x".repeat(5000));
        GoAwayFrame g = (GoAwayFrame) ((Actions.WriteFrame) ConnectionLifecycle.step(serverWithStreams(),
                new ConnectionEvent.ConnectionError(longOne)).actions().get(0)).frame();
        assertEquals(GoAway.MAX_DEBUG_BYTES, g.debugData().length());
    }
}
