package io.grpcspec.spec.flow;

import static io.grpcspec.spec.flow.FlowControlRules.*;
import static io.grpcspec.spec.flow.Violations.assertLegal;
import static io.grpcspec.spec.flow.Violations.assertViolated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Actions.WriteFrame;
import io.grpcspec.spec.Step;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.spec.Scope;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowControlTest {

    private static final ConnectionFlow CONN = FlowControl.start(FlowConfig.DEFAULT).state();
    private static final StreamFlow STREAM = FlowControl.newStream(CONN);

    private static List<Object> update(int streamId, int increment) {
        return List.of(new WriteFrame(new WindowUpdateFrame(streamId, increment)));
    }

    @Test
    void windowIsSigned31BitAndChecked() {
        Window w = Window.of(Window.MAX - 5);
        assertTrue(w.canChangeBy(5));
        assertFalse(w.canChangeBy(6));
        assertThrows(ArithmeticException.class, () -> w.changedBy(6));
        assertEquals(-10, Window.of(0).changedBy(-10).size());
        assertEquals(0, Window.of(-10).available());
        assertFalse(Window.of(Window.MIN).canChangeBy(-1));
    }

    @Test
    @Checks({"FC-1"})
    void zeroIncrementIsProtocolErrorWithScopeOfItsStream() {
        assertViolated(FlowControl.connectionWindowUpdate(CONN, 0), FC_1, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
        assertViolated(FlowControl.streamWindowUpdate(STREAM, 3, 0), FC_1, ErrorCode.PROTOCOL_ERROR, Scope.STREAM, 3);
        assertEquals(65_536, assertLegal(FlowControl.connectionWindowUpdate(CONN, 1)).send().size());
        assertEquals(65_536, assertLegal(FlowControl.streamWindowUpdate(STREAM, 3, 1)).send().size());
    }

    @Test
    @Checks({"FC-2"})
    void incrementPastMaxIsFlowControlError() {
        int fill = Window.MAX - Window.DEFAULT_INITIAL;
        assertEquals(Window.MAX, assertLegal(FlowControl.connectionWindowUpdate(CONN, fill)).send().size());
        assertViolated(FlowControl.connectionWindowUpdate(CONN, fill + 1), FC_2, ErrorCode.FLOW_CONTROL_ERROR, Scope.CONNECTION, 0);
        assertEquals(Window.MAX, assertLegal(FlowControl.streamWindowUpdate(STREAM, 5, fill)).send().size());
        assertViolated(FlowControl.streamWindowUpdate(STREAM, 5, fill + 1), FC_2, ErrorCode.FLOW_CONTROL_ERROR, Scope.STREAM, 5);
    }

    @Test
    @Checks({"FC-3"})
    void dataSentIsBoundedByTheSmallerWindow() {
        StreamFlow small = STREAM.withSend(Window.of(1000));
        Flows f = new Flows(CONN, small);
        assertEquals(1000, FlowControl.sendable(CONN, small));
        assertViolated(FlowControl.dataSent(f, 1, 1001), FC_3, ErrorCode.FLOW_CONTROL_ERROR, Scope.STREAM, 1);
        Flows after = assertLegal(FlowControl.dataSent(f, 1, 1000));
        assertEquals(0, after.stream().send().size());
        assertEquals(65_535 - 1000, after.connection().send().size());
        // Now the connection is the smaller one.
        ConnectionFlow tight = CONN.withSend(Window.of(10));
        assertEquals(10, FlowControl.sendable(tight, STREAM));
        assertViolated(FlowControl.dataSent(new Flows(tight, STREAM), 1, 11), FC_3, ErrorCode.FLOW_CONTROL_ERROR, Scope.STREAM, 1);
    }

    @Test
    @Checks({"FC-4", "FC-8"})
    void paddingCountsAgainstTheWindowAndIsCreditedAtOnce() {
        StreamFlow s = STREAM.withReceive(InboundWindow.of(300));
        // 100 data bytes + pad-length byte + 200 padding = 301 flow-controlled bytes: one too many.
        assertViolated(FlowControl.streamDataReceived(s, 1, 301, 201), FC_8, ErrorCode.FLOW_CONTROL_ERROR, Scope.STREAM, 1);
        // Only the 99 data bytes wait for the application; the padding was freed on arrival and,
        // being above a quarter of the 300-byte window, returned right away.
        Step<StreamFlow> step = FlowControl.streamDataReceived(s, 1, 300, 201);
        assertEquals(99, step.state().receive().unconsumed());
        assertEquals(update(1, 201), List.copyOf(step.actions()));
        assertEquals(201, step.state().receive().window().size());
    }

    @Test
    @Checks({"FC-5", "FC-3"})
    void peerInitialWindowChangeShiftsStreamWindowsBelowZero() {
        StreamFlow s = assertLegal(FlowControl.dataSent(new Flows(CONN, STREAM), 1, 65_000)).stream();
        StreamFlow shifted = assertLegal(FlowControl.peerInitialWindowShift(s, 1, 1000 - 65_535));
        assertEquals(535 - 64_535, shifted.send().size());
        assertEquals(0, FlowControl.sendable(CONN, shifted));
        assertViolated(FlowControl.dataSent(new Flows(CONN, shifted), 1, 1), FC_3, ErrorCode.FLOW_CONTROL_ERROR, Scope.STREAM, 1);
        // A WINDOW_UPDATE must first bring it back above zero.
        StreamFlow back = assertLegal(FlowControl.streamWindowUpdate(shifted, 1, 64_000 + 1));
        assertEquals(1, FlowControl.sendable(CONN, back));
    }

    @Test
    @Checks({"FC-6"})
    void initialWindowShiftPastMaxIsConnectionFlowControlError() {
        StreamFlow big = STREAM.withSend(Window.of(Window.MAX - 10));
        assertViolated(FlowControl.peerInitialWindowShift(big, 7, 11), FC_6, ErrorCode.FLOW_CONTROL_ERROR, Scope.CONNECTION, 0);
        assertEquals(Window.MAX, assertLegal(FlowControl.peerInitialWindowShift(big, 7, 10)).send().size());
        StreamFlow granted = STREAM.withReceive(new InboundWindow(Window.of(Window.MAX - 10), 65_535, 0, 0, 0));
        assertViolated(FlowControl.localInitialWindowShift(granted, 7, 65_535 + 11), FC_6, ErrorCode.FLOW_CONTROL_ERROR,
                Scope.CONNECTION, 0);
    }

    @Test
    @Checks({"FC-7"})
    void dataBeyondConnectionWindowIsConnectionError() {
        ConnectionFlow c = CONN.withReceive(InboundWindow.of(65_535).received(60_000));
        assertViolated(FlowControl.connectionDataReceived(c, 5_536), FC_7, ErrorCode.FLOW_CONTROL_ERROR, Scope.CONNECTION, 0);
        assertEquals(0, assertLegal(FlowControl.connectionDataReceived(c, 5_535)).receive().window().size());
    }

    @Test
    @Checks({"FC-8"})
    void dataBeyondStreamWindowIsStreamError() {
        assertViolated(FlowControl.streamDataReceived(STREAM, 9, 65_536, 0), FC_8, ErrorCode.FLOW_CONTROL_ERROR, Scope.STREAM, 9);
        StreamFlow full = assertLegal(FlowControl.streamDataReceived(STREAM, 9, 65_535, 0));
        assertEquals(0, full.receive().window().size());
        assertViolated(FlowControl.streamDataReceived(full, 9, 1, 0), FC_8, ErrorCode.FLOW_CONTROL_ERROR, Scope.STREAM, 9);
        assertLegal(FlowControl.streamDataReceived(full, 9, 0, 0));
    }

    @Test
    @Checks({"FC-11"})
    void largerConnectionWindowIsAnnouncedByWindowUpdate() {
        Step<ConnectionFlow> big = FlowControl.start(new FlowConfig(1 << 20, 65_535));
        assertEquals(update(0, (1 << 20) - 65_535), List.copyOf(big.actions()));
        assertEquals(1 << 20, big.state().receive().window().size());
        assertEquals(65_535, big.state().send().size());
        assertEquals(65_535, big.state().localInitialWindow());
        assertTrue(FlowControl.start(FlowConfig.DEFAULT).actions().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new FlowConfig(1000, 65_535));
    }

    @Test
    @Checks({"FC-12"})
    void creditReturnsOnceAQuarterOfTheWindowIsFree() {
        StreamFlow s = assertLegal(FlowControl.streamDataReceived(STREAM, 1, 40_000, 0));
        Step<StreamFlow> below = FlowControl.consumed(s, 1, 16_382); // 65535 / 4 = 16383
        assertTrue(below.actions().isEmpty());
        Step<StreamFlow> at = FlowControl.consumed(below.state(), 1, 1);
        assertEquals(update(1, 16_383), List.copyOf(at.actions()));
        assertEquals(65_535 - 40_000 + 16_383, at.state().receive().window().size());
        assertEquals(0, at.state().receive().unannounced());
        // The connection returns credit on arrival, with the same threshold.
        Step<ConnectionFlow> c1 = FlowControl.connectionDataReceived(CONN, 16_382);
        assertTrue(c1.actions().isEmpty());
        Step<ConnectionFlow> c2 = FlowControl.connectionDataReceived(c1.state(), 2);
        assertEquals(update(0, 16_384), List.copyOf(c2.actions()));
        assertEquals(65_535, c2.state().receive().window().size());
    }

    @Test
    @Checks({"FC-13"})
    void largeMessageGetsExtraStreamWindow() {
        int message = 1 << 20;
        Step<StreamFlow> grant = FlowControl.messagePending(STREAM, 1, message);
        assertEquals(update(1, message), List.copyOf(grant.actions()));
        StreamFlow s = grant.state();
        // The sender may now deliver the whole message at once.
        s = assertLegal(FlowControl.streamDataReceived(s, 1, message, 0));
        assertEquals(65_535, s.receive().window().size());
        // Consuming it pays off the grant: no WINDOW_UPDATE, the window stays at its target.
        Step<StreamFlow> read = FlowControl.consumed(s, 1, message);
        assertTrue(read.actions().isEmpty());
        assertEquals(0, read.state().receive().extra());
        // A message that fits needs nothing.
        assertTrue(FlowControl.messagePending(STREAM, 1, 1000).actions().isEmpty());
        // Never beyond 2^31-1.
        StreamFlow nearMax = STREAM.withReceive(new InboundWindow(Window.of(Window.MAX - 100), 65_535, 0, 0, 0));
        Step<StreamFlow> capped = FlowControl.messagePending(nearMax, 1, Window.MAX);
        assertEquals(update(1, 100), List.copyOf(capped.actions()));
        assertEquals(Window.MAX, capped.state().receive().window().size());
    }
}
