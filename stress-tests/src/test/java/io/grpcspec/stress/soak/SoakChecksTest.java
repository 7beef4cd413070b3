package io.grpcspec.stress.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.transport.FrameTrace;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.RstStreamFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's checks can fail: each is shown the fault it exists to find. */
class SoakChecksTest {
    private static final boolean IN = true, OUT = false;

    @Test
    void aStreamStillOpenWhenTheConnectionClosesIsLeftOpen() {
        WireWatch w = new WireWatch("server");
        FrameTrace t = w.trace("c");
        t.frame(IN, new HeadersFrame(1, Bytes.EMPTY, false, true));
        t.frame(IN, new DataFrame(1, Bytes.EMPTY, true));
        t.frame(OUT, new HeadersFrame(1, Bytes.EMPTY, false, true)); // response headers, no trailers ever
        t.note("closed: peer closed");
        assertEquals(1, w.streamsLeft());
    }

    @Test
    void endedResetLateAndUnprocessedStreamsAreNotLeftOpen() {
        WireWatch w = new WireWatch("server");
        FrameTrace t = w.trace("c");
        t.frame(IN, new HeadersFrame(1, Bytes.EMPTY, true, true));
        t.frame(OUT, new HeadersFrame(1, Bytes.EMPTY, true, true)); // ended both ways
        t.frame(IN, new HeadersFrame(3, Bytes.EMPTY, false, true));
        t.frame(IN, new RstStreamFrame(3, ErrorCode.CANCEL));
        t.frame(OUT, new HeadersFrame(3, Bytes.EMPTY, true, true)); // trailers that crossed the RST_STREAM
        t.frame(OUT, new GoAwayFrame(3, ErrorCode.NO_ERROR, Bytes.EMPTY));
        t.frame(IN, new HeadersFrame(5, Bytes.EMPTY, false, true)); // above the GOAWAY: never processed
        t.note("closed: draining finished");
        assertEquals(0, w.streamsLeft());
    }

    @Test
    void ruleBreaksAndFailuresAreViolationsOtherNotesAreNot() {
        WireWatch w = new WireWatch("client");
        FrameTrace t = w.sharedTrace("c");
        t.note("preface sent");
        t.note("peer violation STR-3 STREAM_CLOSED (connection): DATA on stream 1");
        t.note("writer failed: java.lang.IllegalStateException");
        t.note("closed: shutdown");
        assertEquals(2, w.violations());
    }

    @Test
    void missingDoubledAndMisplacedResponsesAreCounted() {
        Ledger l = new Ledger();
        l.responses("ok", List.of(1, 2, 3), List.of(1, 2, 3), true);
        l.responses("cut short by a cancel", List.of(1, 2, 3), List.of(1), false);
        assertEquals(0, l.lost.get() + l.duplicated.get());
        l.responses("one missing", List.of(1, 2, 3), List.of(1, 2), true);
        assertEquals(1, l.lost.get());
        l.responses("one twice", List.of(1, 2, 3), List.of(1, 2, 2, 3), true);
        l.responses("out of order", List.of(1, 2, 3), List.of(2, 1), false);
        assertEquals(3, l.duplicated.get());
        l.received("client streaming", 100, 90);
        assertEquals(2, l.lost.get());
    }
}
