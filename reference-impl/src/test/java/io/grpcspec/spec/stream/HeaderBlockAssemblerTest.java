package io.grpcspec.spec.stream;

import static io.grpcspec.spec.flow.Violations.assertLegal;
import static io.grpcspec.spec.flow.Violations.assertViolated;
import static io.grpcspec.spec.stream.HeaderBlockRules.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Step;
import io.grpcspec.spec.stream.HeaderBlockAssembler.Completed;
import io.grpcspec.spec.stream.HeaderBlockAssembler.Limits;
import io.grpcspec.testing.Checks;
import io.grpcspec.testing.GeneratedBlocks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.PushPromiseFrame;
import io.grpcspec.spec.Scope;
import io.grpcspec.wire.SettingsFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderBlockAssemblerTest {

    private static final HeaderBlockAssembler START = HeaderBlockAssembler.start();

    private static HeaderBlockAssembler open(int stream) {
        return assertLegal(START.on(new HeadersFrame(stream, Bytes.ofAscii("a"), false, false)));
    }

    @Test
    @Checks({"HB-6"})
    void fragmentsBecomeOneBlockAtEndHeaders() {
        Step<HeaderBlockAssembler> s1 = START.on(new HeadersFrame(5, Bytes.ofAscii("ab"), true, false));
        assertTrue(s1.actions().isEmpty(), "nothing before END_HEADERS");
        assertTrue(s1.state().inBlock());
        Step<HeaderBlockAssembler> s2 = s1.state().on(new ContinuationFrame(5, Bytes.ofAscii("cd"), false));
        assertTrue(s2.actions().isEmpty());
        Step<HeaderBlockAssembler> s3 = s2.state().on(new ContinuationFrame(5, Bytes.ofAscii("e"), true));
        assertEquals(List.of(new Completed(HeaderBlock.headers(5, Bytes.ofAscii("abcde"), true))), s3.actions());
        assertFalse(s3.state().inBlock());
        // A single HEADERS with END_HEADERS completes at once; other frames pass through.
        assertEquals(List.of(new Completed(HeaderBlock.headers(1, Bytes.ofAscii("x"), false))),
                START.on(new HeadersFrame(1, Bytes.ofAscii("x"), false, true)).actions());
        Step<HeaderBlockAssembler> data = START.on(new DataFrame(1, Bytes.ofAscii("x"), false));
        assertEquals(START, data.state());
        assertTrue(data.actions().isEmpty());
        Step<HeaderBlockAssembler> pp = START.on(new PushPromiseFrame(1, 2, Bytes.ofAscii("p"), true, Frame.NO_PADDING));
        assertEquals(List.of(new Completed(HeaderBlock.pushPromise(1, 2, Bytes.ofAscii("p")))), pp.actions());
    }

    @Test
    @Checks({"HB-1"})
    void nothingButContinuationInsideABlock() {
        HeaderBlockAssembler in = open(1);
        for (Frame f : List.of(new DataFrame(1, Bytes.EMPTY, false), new HeadersFrame(1, Bytes.EMPTY, true, true),
                new HeadersFrame(3, Bytes.EMPTY, false, true), new PingFrame(false, 0L), SettingsFrame.ACK_FRAME)) {
            assertViolated(in.on(f), HB_1, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
        }
        HeaderBlockAssembler promise = assertLegal(START.on(new PushPromiseFrame(1, 2, Bytes.EMPTY, false, Frame.NO_PADDING)));
        assertViolated(promise.on(new DataFrame(1, Bytes.EMPTY, false)), HB_1, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
        assertLegal(in.on(new ContinuationFrame(1, Bytes.EMPTY, false)));
    }

    @Test
    @Checks({"HB-2"})
    void continuationMustStayOnTheStream() {
        assertViolated(open(1).on(new ContinuationFrame(3, Bytes.EMPTY, true)), HB_2, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
    }

    @Test
    @Checks({"HB-3"})
    void continuationNeedsAnOpenBlock() {
        assertViolated(START.on(new ContinuationFrame(1, Bytes.EMPTY, true)), HB_3, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
        HeaderBlockAssembler done = assertLegal(START.on(new HeadersFrame(1, Bytes.EMPTY, false, true)));
        assertViolated(done.on(new ContinuationFrame(1, Bytes.EMPTY, true)), HB_3, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0);
    }

    @Test
    @Checks({"HB-4"})
    void blocksAreBoundedInBytesAndFrames() {
        HeaderBlockAssembler small = HeaderBlockAssembler.start(new Limits(10, 4));
        assertViolated(small.on(new HeadersFrame(1, Bytes.of(new byte[11]), false, true)), HB_4, ErrorCode.ENHANCE_YOUR_CALM,
                Scope.CONNECTION, 0);
        HeaderBlockAssembler in = assertLegal(small.on(new HeadersFrame(1, Bytes.of(new byte[6]), false, false)));
        assertViolated(in.on(new ContinuationFrame(1, Bytes.of(new byte[5]), true)), HB_4, ErrorCode.ENHANCE_YOUR_CALM,
                Scope.CONNECTION, 0);
        // A flood of empty CONTINUATION frames is caught by the frame bound.
        HeaderBlockAssembler flood = assertLegal(small.on(new HeadersFrame(1, Bytes.EMPTY, false, false)));
        for (int i = 0; i < 3; i++) flood = assertLegal(flood.on(new ContinuationFrame(1, Bytes.EMPTY, false)));
        assertViolated(flood.on(new ContinuationFrame(1, Bytes.EMPTY, false)), HB_4, ErrorCode.ENHANCE_YOUR_CALM, Scope.CONNECTION, 0);
        // Exactly at the bounds is fine.
        assertEquals(1, in.on(new ContinuationFrame(1, Bytes.of(new byte[4]), true)).actions().size());
    }

    @Test
    void diagramIsGeneratedFromTheAssembler() {
        String d = HeaderBlockAssembler.diagram();
        assertTrue(d.contains("no_block --> in_block : HEADERS, PUSH_PROMISE"), d);
        GeneratedBlocks.check("spec/header-blocks.md", "diagram", d);
    }
}
