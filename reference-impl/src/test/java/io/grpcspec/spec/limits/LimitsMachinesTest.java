package io.grpcspec.spec.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Priority;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.UnknownFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small pure pieces of area LIM on their own: the rate budget, progress, the handshake slots. */
class LimitsMachinesTest {

    @Test
    @Checks({"LIM-1", "LIM-2"})
    void rateBudgetCountsInFixedWindowsThatOpenAtTheFirstEvent() {
        RateBudget b = new RateBudget(3, 100);
        RateBudget.Window w = RateBudget.Window.EMPTY;
        w = b.charge(w, 1_000);
        assertEquals(new RateBudget.Window(1_000, 1), w);
        w = b.charge(b.charge(w, 1_050), 1_099);
        assertEquals(new RateBudget.Window(1_000, 3), w);
        assertNull(b.charge(w, 1_099), "the fourth event inside the window is over budget");
        // the window has run out at 1_100: a new one opens with this event
        assertEquals(new RateBudget.Window(1_100, 1), b.charge(w, 1_100));
        // monotonic clocks may be negative
        assertEquals(new RateBudget.Window(-5, 1), b.charge(RateBudget.Window.EMPTY, -5));
        RateBudget.Window any = new RateBudget.Window(7, 1_000_000);
        assertSame(any, RateBudget.OFF.charge(any, 8), "an off budget never refuses and changes nothing");
        assertThrows(IllegalArgumentException.class, () -> new RateBudget(1, 0));
    }

    @Test
    @Checks("LIM-3")
    void whatCountsAsProgress() {
        assertEquals(Progress.NONE, Progress.of(new DataFrame(1, Bytes.EMPTY, false)));
        assertEquals(Progress.NONE, Progress.of(new DataFrame(1, Bytes.EMPTY, false, 7)), "padding alone is no progress");
        assertEquals(Progress.PROGRESS, Progress.of(new DataFrame(1, Bytes.EMPTY, true)));
        assertEquals(Progress.PROGRESS, Progress.of(new DataFrame(1, Bytes.of((byte) 1), false)));
        assertEquals(Progress.PROGRESS, Progress.of(new HeadersFrame(1, Bytes.EMPTY, false, true)));
        assertEquals(Progress.NONE, Progress.of(new ContinuationFrame(1, Bytes.EMPTY, false)));
        assertEquals(Progress.NEUTRAL, Progress.of(new ContinuationFrame(1, Bytes.EMPTY, true)));
        assertEquals(Progress.NEUTRAL, Progress.of(new ContinuationFrame(1, Bytes.of((byte) 0x82), false)));
        assertEquals(Progress.NONE, Progress.of(new PriorityFrame(1, new Priority(0, false, 16))));
        assertEquals(Progress.NONE, Progress.of(new UnknownFrame(0x30, 0, 1, Bytes.EMPTY)));
        for (var f : List.of(new RstStreamFrame(1, 8), SettingsFrame.ACK_FRAME, new PingFrame(false, 1),
                new WindowUpdateFrame(0, 1), new GoAwayFrame(0, 0, Bytes.EMPTY))) {
            assertEquals(Progress.NEUTRAL, Progress.of(f), f.toString());
        }
    }

    @Test
    @Checks("LIM-6")
    void handshakeSlotsCloseTheOldestToAdmitANewcomer() {
        HandshakeSlots s = HandshakeSlots.start(2);
        s = s.on(new HandshakeSlots.Accepted(1)).state();
        s = s.on(new HandshakeSlots.Accepted(2)).state();
        assertEquals(List.of(1L, 2L), s.waiting());
        Step<HandshakeSlots> third = s.on(new HandshakeSlots.Accepted(3));
        assertEquals(List.<Action>of(new HandshakeSlots.CloseOldest(1)), third.actions());
        assertEquals(List.of(2L, 3L), third.state().waiting());
        // a finished handshake frees its slot: the next newcomer closes nobody
        s = third.state().on(new HandshakeSlots.Finished(2)).state();
        Step<HandshakeSlots> fourth = s.on(new HandshakeSlots.Accepted(4));
        assertEquals(List.of(), fourth.actions());
        assertEquals(List.of(3L, 4L), fourth.state().waiting());
        // finishing twice, or a connection never admitted, changes nothing
        assertEquals(fourth.state(), fourth.state().on(new HandshakeSlots.Finished(2)).state());
        assertEquals(fourth.state(), fourth.state().on(new HandshakeSlots.Accepted(4)).state());
        assertEquals(256, HandshakeSlots.DEFAULT_CAPACITY);
        assertThrows(IllegalArgumentException.class, () -> HandshakeSlots.start(0));
    }
}
