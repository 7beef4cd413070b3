package io.grpcspec.spec.stream;

import static io.grpcspec.spec.flow.FlowControlRules.*;
import static io.grpcspec.spec.flow.Violations.assertLegal;
import static io.grpcspec.spec.flow.Violations.assertViolated;
import static io.grpcspec.spec.stream.HeaderBlockRules.HB_5;
import static io.grpcspec.spec.stream.StreamRules.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Actions.WriteFrame;
import io.grpcspec.spec.Role;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.flow.FlowConfig;
import io.grpcspec.spec.flow.Window;
import io.grpcspec.spec.stream.StreamActions.DeliverData;
import io.grpcspec.spec.stream.StreamActions.DeliverHeaders;
import io.grpcspec.spec.stream.StreamActions.DeliverPushPromise;
import io.grpcspec.spec.stream.StreamActions.DiscardHeaders;
import io.grpcspec.spec.stream.StreamActions.PeerReset;
import io.grpcspec.spec.stream.StreamActions.StreamClosed;
import io.grpcspec.spec.stream.StreamActions.WriteHeaders;
import io.grpcspec.spec.stream.StreamEvent.*;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.Priority;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamTableTest {

    /** A received header block: the table passes it on without looking inside. */
    private static final Bytes BLOCK = Bytes.ofAscii("hpack");
    /** A header list we send: the table hands it back to be written. */
    private static final List<HeaderField> FIELDS = List.of(new HeaderField(":status", "200"));

    private static StreamTable server() {
        return StreamTable.start(StreamConfig.of(Role.SERVER)).state();
    }

    private static StreamTable client() {
        return StreamTable.start(StreamConfig.of(Role.CLIENT)).state();
    }

    private static StreamEvent headers(int id, boolean endStream) {
        return new HeaderBlockReceived(HeaderBlock.headers(id, BLOCK, endStream));
    }

    private static StreamEvent data(int id, int bytes, boolean endStream) {
        return new FrameReceived(new DataFrame(id, Bytes.of(new byte[bytes]), endStream));
    }

    private static StreamEvent rst(int id) {
        return new FrameReceived(new RstStreamFrame(id, ErrorCode.CANCEL));
    }

    private static StreamEvent windowUpdate(int id, int increment) {
        return new FrameReceived(new WindowUpdateFrame(id, increment));
    }

    /** Applies legal events in order. */
    private static StreamTable run(StreamTable t, StreamEvent... events) {
        for (StreamEvent e : events) t = assertLegal(t.on(e));
        return t;
    }

    /** A server stream 1 that both sides ended with END_STREAM. */
    private static StreamTable closedByEndStream() {
        return run(server(), headers(1, true), new SendHeaders(1, FIELDS, false), new SendHeaders(1, FIELDS, true));
    }

    // ------------------------------------------------------------------ legal path

    @Test
    @Checks({"STR-9", "HB-5"})
    void unaryCallOnTheServerSide() {
        StreamTable t = server();
        Step<StreamTable> open = t.on(headers(1, false));
        assertEquals(List.of(new DeliverHeaders(1, BLOCK, false, false)), open.actions());
        t = open.state();
        assertEquals(StreamState.OPEN, t.stateOf(1));
        Step<StreamTable> msg = t.on(data(1, 10, true));
        assertEquals(List.of(new DeliverData(1, Bytes.of(new byte[10]), true)), msg.actions());
        t = msg.state();
        assertEquals(StreamState.HALF_CLOSED_REMOTE, t.stateOf(1));
        t = run(t, new SendHeaders(1, FIELDS, false), new SendData(new DataFrame(1, Bytes.of(new byte[5]), false)));
        Step<StreamTable> trailers = t.on(new SendHeaders(1, FIELDS, true));
        assertEquals(List.of(new WriteHeaders(1, FIELDS, true), new StreamClosed(1, Closure.END_STREAM)), trailers.actions());
        assertEquals(StreamState.CLOSED, trailers.state().stateOf(1));
        assertEquals(Closure.END_STREAM, trailers.state().closureOf(1));
        assertEquals(0, trailers.state().activeCount(true));
    }

    @Test
    @Checks({"HB-5"})
    void clientSeesResponseHeadersThenTrailers() {
        StreamTable t = client();
        Step<StreamTable> open = t.on(new OpenStream(FIELDS, true));
        assertEquals(List.of(new WriteHeaders(1, FIELDS, true)), open.actions());
        t = open.state();
        assertEquals(StreamState.HALF_CLOSED_LOCAL, t.stateOf(1));
        Step<StreamTable> resp = t.on(headers(1, false));
        assertEquals(List.of(new DeliverHeaders(1, BLOCK, false, false)), resp.actions());
        Step<StreamTable> tr = resp.state().on(headers(1, true));
        assertEquals(List.of(new DeliverHeaders(1, BLOCK, true, true), new StreamClosed(1, Closure.END_STREAM)), tr.actions());
        assertEquals(3, tr.state().nextStreamId().getAsInt());
    }

    // ------------------------------------------------------------------ STR

    @Test
    @Checks({"STR-1"})
    void onlyHeadersAndPriorityOnIdleStreams() {
        assertViolated(server().on(data(1, 1, false)), STR_1, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
        assertViolated(server().on(windowUpdate(3, 10)), STR_1, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
        assertViolated(server().on(rst(5)), STR_1, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
        StreamTable t = run(server(), new FrameReceived(new PriorityFrame(1, new Priority(0, false, 16))));
        assertEquals(StreamState.IDLE, t.stateOf(1));
    }

    @Test
    @Checks({"STR-2"})
    void dataAfterPeerEndStreamIsStreamClosed() {
        StreamTable t = run(server(), headers(1, true));
        assertViolated(t.on(data(1, 1, false)), STR_2, ErrorCode.STREAM_CLOSED, Scope.STREAM, 1);
        assertViolated(t.on(headers(1, true)), STR_2, ErrorCode.STREAM_CLOSED, Scope.STREAM, 1);
        // WINDOW_UPDATE, PRIORITY and RST_STREAM remain allowed.
        t = run(t, windowUpdate(1, 100), new FrameReceived(new PriorityFrame(1, new Priority(0, false, 16))));
        assertEquals(65_635, t.streams().get(1).flow().send().size());
        Step<StreamTable> reset = t.on(rst(1));
        assertEquals(List.of(new PeerReset(1, ErrorCode.CANCEL.code()), new StreamClosed(1, Closure.RESET_RECEIVED)),
                reset.actions());
    }

    @Test
    @Checks({"STR-3", "FC-9"})
    void frameAfterPeerClosedTheStreamIsDroppedAndReported() {
        StreamTable t = closedByEndStream();
        Step<StreamTable> data = t.on(data(1, 1, false));
        assertEquals(List.of(new Actions.PeerTolerated(new Violation(STR_3, ErrorCode.STREAM_CLOSED, Scope.CONNECTION, 0,
                "DATA on stream 1, closed by END_STREAM both ways"))), data.actions());
        // The frame still used connection window (FC-9): the table counted it.
        assertEquals(t.flow().receive().window().size() - 1, data.state().flow().receive().window().size());
        Step<StreamTable> headers = t.on(headers(1, true));
        assertInstanceOf(StreamActions.DiscardHeaders.class, headers.actions().get(0));
        assertEquals(STR_3, ((Actions.PeerTolerated) headers.actions().get(1)).violation().rule());
        StreamTable reset = run(server(), headers(1, false), rst(1));
        Actions.PeerTolerated afterReset = (Actions.PeerTolerated) reset.on(data(1, 1, false)).actions().stream()
                .filter(a -> a instanceof Actions.PeerTolerated).findFirst().orElseThrow();
        assertEquals("DATA on stream 1, closed by RST_STREAM received", afterReset.violation().detail());
    }

    @Test
    @Checks({"STR-4", "FC-9"})
    void framesAfterOurResetAreDiscardedButCountOnTheConnection() {
        StreamTable t = run(server(), headers(1, false));
        Step<StreamTable> reset = t.on(new SendRst(1, ErrorCode.CANCEL));
        assertEquals(List.of(new WriteFrame(new RstStreamFrame(1, ErrorCode.CANCEL)), new StreamClosed(1, Closure.RESET_SENT)),
                reset.actions());
        t = reset.state();
        Step<StreamTable> late = t.on(data(1, 10_000, false));
        assertTrue(late.actions().isEmpty(), "nothing delivered");
        t = late.state();
        assertEquals(65_535 - 10_000, t.flow().receive().window().size());
        Step<StreamTable> more = t.on(data(1, 10_000, true));
        // 20000 >= 65535/4: the connection credit comes back.
        assertEquals(List.of(new WriteFrame(new WindowUpdateFrame(0, 20_000))), more.actions());
        assertEquals(65_535, more.state().flow().receive().window().size());
        assertEquals(List.of(new DiscardHeaders(1, BLOCK)), more.state().on(headers(1, true)).actions());
        assertLegal(more.state().on(rst(1)));
    }

    @Test
    @Checks({"FC-9"})
    void dataOnForgottenStreamsStillReturnsConnectionCredit() {
        StreamTable t = run(server(), headers(7, false)); // streams 1, 3, 5 are implicitly closed
        Step<StreamTable> s = t.on(data(3, 16_000, false));
        assertTrue(s.actions().isEmpty());
        Step<StreamTable> s2 = s.state().on(data(5, 1_000, false));
        assertEquals(List.of(new WriteFrame(new WindowUpdateFrame(0, 17_000))), s2.actions());
        // Without that credit the connection would leak: the same bytes again still fit.
        assertLegal(s2.state().on(data(7, 65_535, false)));
    }

    @Test
    @Checks({"STR-5"})
    void windowUpdateAndResetAfterEndStreamAreTolerated() {
        StreamTable t = closedByEndStream();
        Step<StreamTable> wu = t.on(windowUpdate(1, 0)); // even a zero increment: the stream is gone
        assertEquals(t, assertLegal(wu));
        assertEquals(t, assertLegal(t.on(rst(1))));
        assertEquals(t, assertLegal(t.on(new FrameReceived(new PriorityFrame(1, new Priority(3, false, 1))))));
    }

    @Test
    @Checks({"STR-7", "STR-17"})
    void reservedRemoteAcceptsOnlyHeadersResetPriority() {
        StreamTable t = StreamTable.start(StreamConfig.of(Role.CLIENT).withPushEnabled(true)).state();
        t = run(t, new OpenStream(FIELDS, true));
        Step<StreamTable> pp = t.on(new HeaderBlockReceived(HeaderBlock.pushPromise(1, 2, BLOCK)));
        assertEquals(List.of(new DeliverPushPromise(1, 2, BLOCK)), pp.actions());
        t = pp.state();
        assertEquals(StreamState.RESERVED_REMOTE, t.stateOf(2));
        assertEquals(0, t.activeCount(true), "reserved streams do not count");
        assertViolated(t.on(data(2, 1, false)), STR_7, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
        assertViolated(t.on(windowUpdate(2, 1)), STR_7, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
        StreamTable pushed = run(t, headers(2, false));
        assertEquals(StreamState.HALF_CLOSED_LOCAL, pushed.stateOf(2));
    }

    @Test
    @Checks({"STR-8"})
    void weSendOnlyWhatTheStateAllows() {
        StreamTable t = run(client(), new OpenStream(FIELDS, true));
        assertViolated(t.on(new SendData(new DataFrame(1, Bytes.ofAscii("x"), false))), STR_8, ErrorCode.INTERNAL_ERROR,
                Scope.STREAM, 1);
        assertViolated(t.on(new SendHeaders(1, FIELDS, true)), STR_8, ErrorCode.INTERNAL_ERROR, Scope.STREAM, 1);
        assertViolated(client().on(new SendRst(1, ErrorCode.CANCEL)), STR_8, ErrorCode.INTERNAL_ERROR, Scope.STREAM, 1);
        StreamTable done = closedByEndStream();
        assertViolated(done.on(new SendRst(1, ErrorCode.CANCEL)), STR_8, ErrorCode.INTERNAL_ERROR, Scope.STREAM, 1);
        // Resetting a half-closed (local) stream is fine.
        assertLegal(t.on(new SendRst(1, ErrorCode.CANCEL)));
    }

    @Test
    @Checks({"STR-9"})
    void onlyClientsOpenStreamsAndOnlyOddOnes() {
        assertViolated(server().on(headers(2, false)), STR_9, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
        assertViolated(client().on(headers(2, false)), STR_9, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
        assertViolated(client().on(headers(1, false)), STR_9, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
        assertViolated(server().on(new OpenStream(FIELDS, false)), STR_9, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
        assertEquals(StreamState.OPEN, run(server(), headers(1, false)).stateOf(1));
    }

    @Test
    @Checks({"STR-10"})
    void newStreamIdsMustIncrease() {
        StreamTable t = run(server(), headers(5, false));
        assertViolated(t.on(headers(3, false)), STR_10, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
        // A stream that closed long ago cannot be reopened either.
        StreamTable forgetful = StreamTable.start(StreamConfig.of(Role.SERVER).withRecentlyClosedCapacity(0)).state();
        forgetful = run(forgetful, headers(1, true), new SendHeaders(1, FIELDS, true));
        assertViolated(forgetful.on(headers(1, false)), STR_10, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
        assertLegal(t.on(headers(7, false)));
    }

    @Test
    @Checks({"STR-11"})
    void openingAStreamClosesLowerIdleOnes() {
        StreamTable t = server();
        assertEquals(StreamState.IDLE, t.stateOf(3));
        t = run(t, headers(5, false));
        assertEquals(StreamState.CLOSED, t.stateOf(3));
        // Stream 3 is closed now, not idle: a late RST_STREAM is no idle-stream error.
        assertLegal(t.on(rst(3)));
        StreamTable c = run(client(), new SendHeaders(5, FIELDS, false));
        assertEquals(StreamState.CLOSED, c.stateOf(3));
        assertEquals(7, c.nextStreamId().getAsInt());
    }

    @Test
    @Checks({"STR-12"})
    void streamIdentifiersRunOut() {
        StreamTable fresh = client();
        StreamTable last = new StreamTable(fresh.config(), fresh.flow(), fresh.streams(), fresh.closed(), Window.MAX - 2, 0,
                fresh.localMaxConcurrentStreams(), fresh.peerMaxConcurrentStreams());
        Step<StreamTable> open = last.on(new OpenStream(FIELDS, true));
        assertEquals(List.of(new WriteHeaders(Window.MAX, FIELDS, true)), open.actions());
        assertTrue(open.state().nextStreamId().isEmpty());
        assertViolated(open.state().on(new OpenStream(FIELDS, true)), STR_12, ErrorCode.NO_ERROR, Scope.CONNECTION, 0);
    }

    @Test
    @Checks({"STR-13"})
    void ourConcurrencyLimitAppliesFromTheFirstStream() {
        // No SETTINGS exchanged, no ACK: the limit we advertise is enforced at once.
        StreamTable none = StreamTable.start(StreamConfig.of(Role.SERVER).withMaxConcurrentStreams(0)).state();
        assertViolated(none.on(headers(1, false)), STR_13, ErrorCode.REFUSED_STREAM, Scope.STREAM, 1);

        StreamTable one = StreamTable.start(StreamConfig.of(Role.SERVER).withMaxConcurrentStreams(1)).state();
        one = run(one, headers(1, false));
        StreamEvent second = headers(3, false);
        Step<StreamTable> refused = one.on(second);
        var v = assertViolated(refused, STR_13, ErrorCode.REFUSED_STREAM, Scope.STREAM, 3);
        // The driver's answer: RST_STREAM, then the HEADERS gets minimal processing.
        Step<StreamTable> after = one.afterStreamError(v, second);
        assertEquals(List.of(new WriteFrame(new RstStreamFrame(3, ErrorCode.REFUSED_STREAM)), new DiscardHeaders(3, BLOCK)),
                after.actions());
        assertEquals(Closure.RESET_SENT, after.state().closureOf(3));
        assertLegal(after.state().on(data(3, 100, true))); // in flight before our RST: dropped
        // Only open and half-closed streams count: once 1 ends, 5 fits.
        StreamTable freed = run(after.state(), rst(1));
        assertEquals(StreamState.OPEN, run(freed, headers(5, false)).stateOf(5));
        // A lowered limit applies to the next stream.
        StreamTable lowered = run(server(), headers(1, false), new LocalMaxConcurrentStreams(1));
        assertViolated(lowered.on(headers(3, false)), STR_13, ErrorCode.REFUSED_STREAM, Scope.STREAM, 3);
    }

    @Test
    @Checks({"STR-14"})
    void weRespectThePeersConcurrencyLimit() {
        StreamTable t = run(client(), new PeerMaxConcurrentStreams(1), new OpenStream(FIELDS, false));
        assertViolated(t.on(new OpenStream(FIELDS, false)), STR_14, ErrorCode.REFUSED_STREAM, Scope.STREAM, 3);
        t = run(t, rst(1));
        assertEquals(List.of(new WriteHeaders(3, FIELDS, false)), t.on(new OpenStream(FIELDS, false)).actions());
    }

    @Test
    @Checks({"STR-15"})
    void serverRejectsPushPromise() {
        StreamTable t = run(server(), headers(1, false));
        assertViolated(t.on(new HeaderBlockReceived(HeaderBlock.pushPromise(1, 2, BLOCK))), STR_15, ErrorCode.PROTOCOL_ERROR,
                Scope.CONNECTION, 0);
    }

    @Test
    @Checks({"STR-16"})
    void clientWithPushDisabledRejectsPushPromise() {
        StreamTable t = run(client(), new OpenStream(FIELDS, true));
        assertViolated(t.on(new HeaderBlockReceived(HeaderBlock.pushPromise(1, 2, BLOCK))), STR_16, ErrorCode.PROTOCOL_ERROR,
                Scope.CONNECTION, 0);
    }

    @Test
    @Checks({"STR-17"})
    void pushPromiseNeedsAnOpenClientStreamAndANewServerId() {
        StreamTable t = StreamTable.start(StreamConfig.of(Role.CLIENT).withPushEnabled(true)).state();
        t = run(t, new OpenStream(FIELDS, true));
        assertViolated(t.on(new HeaderBlockReceived(HeaderBlock.pushPromise(1, 3, BLOCK))), STR_17, ErrorCode.PROTOCOL_ERROR,
                Scope.CONNECTION, 0);
        StreamTable done = run(t, headers(1, true));
        assertViolated(done.on(new HeaderBlockReceived(HeaderBlock.pushPromise(1, 2, BLOCK))), STR_17, ErrorCode.PROTOCOL_ERROR,
                Scope.CONNECTION, 0);
        StreamTable answered = run(t, headers(1, false));
        StreamTable promised = run(answered, new HeaderBlockReceived(HeaderBlock.pushPromise(1, 4, BLOCK)));
        assertViolated(promised.on(new HeaderBlockReceived(HeaderBlock.pushPromise(1, 2, BLOCK))), STR_17,
                ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
    }

    // ------------------------------------------------------------------ HB / FC through the table

    @Test
    @Checks({"HB-5"})
    void trailersWithoutEndStreamAreMalformed() {
        StreamTable t = run(server(), headers(1, false));
        assertViolated(t.on(headers(1, false)), HB_5, ErrorCode.PROTOCOL_ERROR, Scope.STREAM, 1);
        StreamTable c = run(client(), new OpenStream(FIELDS, false), headers(1, false));
        assertViolated(c.on(headers(1, false)), HB_5, ErrorCode.PROTOCOL_ERROR, Scope.STREAM, 1);
        StreamTable s = run(server(), headers(1, false), new SendHeaders(1, FIELDS, false));
        assertViolated(s.on(new SendHeaders(1, FIELDS, false)), HB_5, ErrorCode.PROTOCOL_ERROR, Scope.STREAM, 1);
        assertEquals(List.of(new DeliverHeaders(1, BLOCK, true, true)), t.on(headers(1, true)).actions());
    }

    @Test
    @Checks({"FC-3"})
    void tableRefusesDataBeyondTheSendWindow() {
        StreamTable t = run(client(), new PeerInitialWindowSize(10), new OpenStream(FIELDS, false));
        assertEquals(10, t.sendable(1));
        DataFrame big = new DataFrame(1, Bytes.of(new byte[5]), false, 5); // 5 + 1 + 5 = 11 bytes
        assertViolated(t.on(new SendData(big)), FC_3, ErrorCode.FLOW_CONTROL_ERROR, Scope.STREAM, 1);
        DataFrame fits = new DataFrame(1, Bytes.of(new byte[5]), false, 4);
        Step<StreamTable> sent = t.on(new SendData(fits));
        assertEquals(List.of(new WriteFrame(fits)), sent.actions());
        assertEquals(0, sent.state().sendable(1));
        assertEquals(65_535 - 10, sent.state().flow().send().size());
    }

    @Test
    @Checks({"FC-5", "FC-6"})
    void peerInitialWindowSizeShiftsOpenStreamsOnly() {
        StreamTable t = run(client(), new OpenStream(FIELDS, false), new SendData(new DataFrame(1, Bytes.of(new byte[1000]), false)));
        t = run(t, new PeerInitialWindowSize(500));
        assertEquals(-500, t.streams().get(1).flow().send().size());
        assertEquals(65_535 - 1000, t.flow().send().size(), "connection window unaffected");
        t = run(t, new OpenStream(FIELDS, false));
        assertEquals(500, t.sendable(3), "new streams start from the new value");
        StreamTable wide = run(t, windowUpdate(3, Window.MAX - 500));
        assertViolated(wide.on(new PeerInitialWindowSize(501)), FC_6, ErrorCode.FLOW_CONTROL_ERROR, Scope.CONNECTION, 0);
    }

    @Test
    @Checks({"FC-10"})
    void ourLowerInitialWindowAppliesOnlyOnAck() {
        StreamTable t = run(server(), headers(1, false));
        // We sent SETTINGS_INITIAL_WINDOW_SIZE=1000; until the ACK the old 65535 still holds.
        t = run(t, data(1, 60_000, false));
        assertEquals(5_535, t.streams().get(1).flow().receive().window().size());
        t = run(t, new LocalInitialWindowSizeAcked(1000));
        assertEquals(5_535 - 64_535, t.streams().get(1).flow().receive().window().size());
        assertViolated(t.on(data(1, 1, false)), FC_8, ErrorCode.FLOW_CONTROL_ERROR, Scope.STREAM, 1);
        t = run(t, headers(3, false));
        assertEquals(1000, t.streams().get(3).flow().receive().window().size());
    }

    @Test
    @Checks({"FC-12", "FC-8"})
    void consumedDataReturnsStreamCreditWhileThePeerMaySend() {
        StreamTable t = run(server(), headers(1, false), data(1, 20_000, false));
        Step<StreamTable> c = t.on(new Consumed(1, 20_000));
        assertEquals(List.of(new WriteFrame(new WindowUpdateFrame(1, 20_000))), c.actions());
        // After the peer's END_STREAM there is nothing to grant: the books move, no frame goes out.
        StreamTable ended = run(server(), headers(1, false), data(1, 20_000, true));
        assertTrue(ended.on(new Consumed(1, 20_000)).actions().isEmpty());
        assertViolated(t.on(data(1, 45_536, false)), FC_8, ErrorCode.FLOW_CONTROL_ERROR, Scope.STREAM, 1);
        assertTrue(t.on(new MessagePending(1, 100_000)).actions().size() == 1);
    }

    @Test
    @Checks({"FC-11"})
    void tableStartsWithConnectionWindowUpdate() {
        Step<StreamTable> s = StreamTable.start(StreamConfig.of(Role.SERVER).withFlow(new FlowConfig(1 << 20, 65_535)));
        assertEquals(List.of(new WriteFrame(new WindowUpdateFrame(0, (1 << 20) - 65_535))), s.actions());
    }

    @Test
    @Checks({"FC-4"})
    void receivedPaddingCountsAgainstTheStreamWindow() {
        StreamTable t = run(server(), headers(1, false), new LocalInitialWindowSizeAcked(300));
        // 100 data bytes fit, but with the pad-length byte and 200 bytes of padding it is 301.
        DataFrame padded = new DataFrame(1, Bytes.of(new byte[100]), false, 200);
        assertViolated(t.on(new FrameReceived(padded)), FC_8, ErrorCode.FLOW_CONTROL_ERROR, Scope.STREAM, 1);
        Step<StreamTable> ok = t.on(new FrameReceived(new DataFrame(1, Bytes.of(new byte[100]), false, 199)));
        // 300 - 300 = 0, then the pad-length byte and 199 padding bytes are credited back at once.
        assertEquals(200, ok.state().streams().get(1).flow().receive().window().size());
        assertEquals(List.of(new WriteFrame(new WindowUpdateFrame(1, 200)), new DeliverData(1, Bytes.of(new byte[100]), false)),
                ok.actions());
        assertEquals(65_535 - 300, ok.state().flow().receive().window().size());
    }

    @Test
    @Checks({"FC-8", "FC-9"})
    void streamOverrunResetsTheStreamAndKeepsTheConnectionBooksRight() {
        StreamTable t = run(server(), headers(1, false), new LocalInitialWindowSizeAcked(100));
        StreamEvent tooMuch = data(1, 101, false);
        var v = assertViolated(t.on(tooMuch), FC_8, ErrorCode.FLOW_CONTROL_ERROR, Scope.STREAM, 1);
        Step<StreamTable> after = t.afterStreamError(v, tooMuch);
        assertEquals(List.of(new WriteFrame(new RstStreamFrame(1, ErrorCode.FLOW_CONTROL_ERROR)),
                new StreamClosed(1, Closure.RESET_SENT)), after.actions());
        assertEquals(65_535 - 101, after.state().flow().receive().window().size(), "the DATA still counted on the connection");
    }

    @Test
    @Checks({"STR-4", "LIM-7"})
    void recentlyClosedMemoryIsBounded() {
        assertEquals(128, StreamConfig.of(Role.SERVER).recentlyClosedCapacity(), "LIM-7's default");
        StreamTable t = StreamTable.start(StreamConfig.of(Role.SERVER).withRecentlyClosedCapacity(2)).state();
        for (int id = 1; id <= 7; id += 2) t = run(t, headers(id, true), new SendRst(id, ErrorCode.CANCEL));
        assertEquals(2, t.closed().entries().size());
        assertEquals(Closure.NONE, t.closureOf(1), "oldest forgotten");
        assertEquals(Closure.RESET_SENT, t.closureOf(7));
        List<Action> none = List.of();
        assertEquals(none, t.on(data(1, 1, false)).actions(), "forgotten streams still get minimal processing");
        assertFalse(t.on(data(7, 1, false)).isViolation());
    }
}
