package io.grpcspec.spec.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Step;
import io.grpcspec.testing.Checks;
import io.grpcspec.testing.GeneratedBlocks;
import io.grpcspec.testing.OutcomeTable;
import io.grpcspec.testing.OutcomeTable.Named;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.PushPromiseFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.UnknownFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every (assembler state × frame) outcome, as a reviewed snapshot in spec/tables/header-blocks.md. */
class HeaderBlockTableTest {

    private static final Bytes F = Bytes.ofHex("82");

    static List<Named<HeaderBlockAssembler>> states() {
        HeaderBlockAssembler idle = HeaderBlockAssembler.start(new HeaderBlockAssembler.Limits(4, 3));
        HeaderBlockAssembler headers = idle.on(new HeadersFrame(1, F, true, false)).state();
        HeaderBlockAssembler push = idle.on(new PushPromiseFrame(1, 2, F, false, Frame.NO_PADDING)).state();
        HeaderBlockAssembler full = headers.on(new ContinuationFrame(1, F, false)).state().on(new ContinuationFrame(1, Bytes.EMPTY, false)).state();
        return List.of(new Named<>("idle", idle), new Named<>("HEADERS open on 1", headers),
                new Named<>("PUSH_PROMISE open on 1", push), new Named<>("HEADERS open on 1, at the frame limit", full));
    }

    static List<Named<Frame>> frames() {
        return List.of(
                new Named<>("HEADERS 1 +END_HEADERS", new HeadersFrame(1, F, false, true)),
                new Named<>("HEADERS 3 (no END_HEADERS)", new HeadersFrame(3, F, false, false)),
                new Named<>("PUSH_PROMISE 1 +END_HEADERS", new PushPromiseFrame(1, 2, F, true, Frame.NO_PADDING)),
                new Named<>("CONTINUATION 1", new ContinuationFrame(1, F, false)),
                new Named<>("CONTINUATION 1 +END_HEADERS", new ContinuationFrame(1, F, true)),
                new Named<>("CONTINUATION 3 +END_HEADERS", new ContinuationFrame(3, F, true)),
                new Named<>("CONTINUATION 1 +END_HEADERS, 4 more bytes", new ContinuationFrame(1, Bytes.ofHex("82828282"), true)),
                new Named<>("DATA 1", new DataFrame(1, F, false)),
                new Named<>("RST_STREAM 1", new RstStreamFrame(1, ErrorCode.CANCEL)),
                new Named<>("PING", new PingFrame(false, 7)),
                new Named<>("unknown type 0x21", new UnknownFrame(0x21, 0, 0, Bytes.EMPTY)));
    }

    @Test
    @Checks({"HB-1", "HB-2", "HB-3", "HB-4"})
    void everyStateAndFrameHasAReviewedOutcome() {
        OutcomeTable table = new OutcomeTable("assembler", "frame");
        int violations = 0;
        for (Named<HeaderBlockAssembler> s : states()) {
            for (Named<Frame> f : frames()) {
                Step<HeaderBlockAssembler> step = s.value().on(f.value());
                if (step.isViolation()) violations++;
                table.row(s.name(), f.name(), step, a -> a.inBlock() ? "open on " + a.pending().streamId() + " (" + a.pending().frames() + " frames)" : "idle");
            }
        }
        // idle: only a stray CONTINUATION is illegal (3); each open state refuses every
        // non-CONTINUATION (8 each) and CONTINUATION on another stream (1); the oversize and
        // frame-limit rows add one each in the open states.
        assertTrue(violations >= 3 + 3 * 9, "violations: " + violations);
        assertEquals(states().size() * frames().size(), table.markdown().lines().count() - 2);
        GeneratedBlocks.check("spec/tables/header-blocks.md", "table", table.markdown());
    }
}
