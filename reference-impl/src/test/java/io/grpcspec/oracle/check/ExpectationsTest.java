package io.grpcspec.oracle.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpcspec.spec.Rule;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared expectations, judged observation by observation: every answer a rule allows passes, nothing else does. */
class ExpectationsTest {
    static final Rule R = Rules.of("FC-1");

    static Seen frame(io.grpcspec.wire.Frame f) {
        return new Seen.Frame(f);
    }

    static <T> Expect.Judgement<T> judge(Expect<T> e, Seen s) {
        return e.on(s);
    }

    @Test
    void aConnectionErrorIsAGoAwayWithTheCodeOrAClose() {
        Expect<Void> e = Expectations.connectionError(R, ErrorCode.PROTOCOL_ERROR);
        assertInstanceOf(Expect.Pass.class, judge(e, frame(new GoAwayFrame(0, ErrorCode.PROTOCOL_ERROR, Bytes.EMPTY))));
        assertInstanceOf(Expect.Pass.class, judge(e, new Seen.Closed("EOF")));
        Expect.Fail<Void> wrong = assertInstanceOf(Expect.Fail.class, judge(e, frame(new GoAwayFrame(0, ErrorCode.INTERNAL_ERROR, Bytes.EMPTY))));
        assertEquals("GOAWAY last_stream=0 error=INTERNAL_ERROR", wrong.observed());
        // Anything else is not yet an answer.
        assertNull(judge(e, frame(new RstStreamFrame(1, ErrorCode.PROTOCOL_ERROR))));
        assertNull(judge(e, frame(new PingFrame(true, 1))));
    }

    @Test
    void aStreamErrorIsARstOnThatStreamOrTheSameCodeForTheConnection() {
        Expect<Void> e = Expectations.streamError(R, 3, ErrorCode.STREAM_CLOSED);
        assertInstanceOf(Expect.Pass.class, judge(e, frame(new RstStreamFrame(3, ErrorCode.STREAM_CLOSED))));
        assertInstanceOf(Expect.Pass.class, judge(e, frame(new GoAwayFrame(3, ErrorCode.STREAM_CLOSED, Bytes.EMPTY))));
        assertInstanceOf(Expect.Fail.class, judge(e, frame(new RstStreamFrame(3, ErrorCode.PROTOCOL_ERROR))));
        assertInstanceOf(Expect.Fail.class, judge(e, frame(new GoAwayFrame(3, ErrorCode.PROTOCOL_ERROR, Bytes.EMPTY))));
        assertNull(judge(e, frame(new RstStreamFrame(5, ErrorCode.PROTOCOL_ERROR))), "another stream");
        // Answering the stream instead of resetting it fails.
        assertInstanceOf(Expect.Fail.class, judge(e, new Seen.Block(3, true, List.of(new HeaderField(":status", "200")), null)));
        assertInstanceOf(Expect.Fail.class, judge(e, frame(new DataFrame(3, Bytes.ofAscii("x"), true))));
        assertNull(judge(e, new Seen.Block(3, false, List.of(new HeaderField(":status", "200")), null)), "headers may precede a reset");
    }

    @Test
    void aFrameTheServerMayIgnoreIsAnErrorWithTheCodeOrThePingAckedWithoutOne() {
        Expect<Void> e = Expectations.errorOrIgnored(R, 3, 9, ErrorCode.STREAM_CLOSED);
        assertInstanceOf(Expect.Pass.class, judge(e, frame(new PingFrame(true, 9))), "ignored");
        assertInstanceOf(Expect.Pass.class, judge(e, frame(new RstStreamFrame(3, ErrorCode.STREAM_CLOSED))));
        assertInstanceOf(Expect.Pass.class, judge(e, frame(new GoAwayFrame(3, ErrorCode.STREAM_CLOSED, Bytes.EMPTY))));
        assertInstanceOf(Expect.Pass.class, judge(e, new Seen.Closed("EOF")));
        assertInstanceOf(Expect.Fail.class, judge(e, frame(new RstStreamFrame(3, ErrorCode.INTERNAL_ERROR))));
        assertInstanceOf(Expect.Fail.class, judge(e, frame(new GoAwayFrame(3, ErrorCode.PROTOCOL_ERROR, Bytes.EMPTY))));
        assertInstanceOf(Expect.Fail.class, judge(e, frame(new DataFrame(3, Bytes.ofAscii("x"), true))), "an answer instead");
        assertNull(judge(e, frame(new PingFrame(true, 8))), "another PING");
    }

    @Test
    void quietMeansNothingOnTheStreamAndNoErrorBeforeTheAck() {
        Expect<Void> e = Expectations.quietUntilPingAck(R, 9, 1);
        assertInstanceOf(Expect.Pass.class, judge(e, frame(new PingFrame(true, 9))));
        assertNull(judge(e, frame(new PingFrame(true, 8))), "another PING's ACK");
        assertNull(judge(e, frame(new WindowUpdateFrame(0, 10))));
        assertInstanceOf(Expect.Fail.class, judge(e, frame(new WindowUpdateFrame(1, 10))));
        assertInstanceOf(Expect.Fail.class, judge(e, frame(new RstStreamFrame(3, ErrorCode.CANCEL))));
        assertInstanceOf(Expect.Fail.class, judge(e, new Seen.Closed("EOF")));
        // Stream 0 asks only for no error.
        assertNull(judge(Expectations.quietUntilPingAck(R, 9, 0), frame(new WindowUpdateFrame(1, 10))));
    }

    @Test
    void acksAndLivenessFailOnGoAwayOrClose() {
        Expect<Void> ack = Expectations.settingsAck(R);
        assertInstanceOf(Expect.Pass.class, judge(ack, frame(SettingsFrame.ACK_FRAME)));
        assertNull(judge(ack, frame(new SettingsFrame(false, List.of()))));
        assertInstanceOf(Expect.Fail.class, judge(ack, new Seen.Closed("EOF")));
        Expect<Void> alive = Expectations.alive(R, 4);
        assertNull(judge(alive, frame(new RstStreamFrame(1, ErrorCode.NO_ERROR))));
        assertInstanceOf(Expect.Fail.class, judge(alive, frame(new GoAwayFrame(1, ErrorCode.NO_ERROR, Bytes.EMPTY))));
        assertInstanceOf(Expect.Pass.class, judge(Expectations.pingAck(R, 4), frame(new PingFrame(true, 4))));
        assertInstanceOf(Expect.Fail.class, judge(Expectations.firstIsSettings(R), frame(new PingFrame(false, 4))));
    }
}
