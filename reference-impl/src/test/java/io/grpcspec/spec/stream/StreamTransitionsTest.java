package io.grpcspec.spec.stream;

import static io.grpcspec.spec.stream.StreamRules.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.stream.Transition.Discard;
import io.grpcspec.spec.stream.Transition.Illegal;
import io.grpcspec.spec.stream.Transition.Legal;
import io.grpcspec.testing.Checks;
import io.grpcspec.testing.GeneratedBlocks;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The §5.1 machine: exhaustive snapshot, diagram, and the per-state rules. */
class StreamTransitionsTest {

    /** The rows of the snapshot: every state, with "closed" split by how it closed. */
    private record Row(StreamState state, Closure closure) {
        String label() {
            return state == StreamState.CLOSED ? "closed (" + closure.label() + ")" : state.rfcName();
        }
    }

    private static final List<Row> ROWS = List.of(
            new Row(StreamState.IDLE, Closure.NONE),
            new Row(StreamState.RESERVED_LOCAL, Closure.NONE),
            new Row(StreamState.RESERVED_REMOTE, Closure.NONE),
            new Row(StreamState.OPEN, Closure.NONE),
            new Row(StreamState.HALF_CLOSED_LOCAL, Closure.NONE),
            new Row(StreamState.HALF_CLOSED_REMOTE, Closure.NONE),
            new Row(StreamState.CLOSED, Closure.END_STREAM),
            new Row(StreamState.CLOSED, Closure.RESET_SENT),
            new Row(StreamState.CLOSED, Closure.RESET_RECEIVED));

    private static Transition received(StreamState s, FrameKind k) {
        return StreamTransitions.apply(s, Closure.NONE, Direction.RECEIVED, k);
    }

    private static void assertIllegal(Transition t, Rule rule, ErrorCode code, Scope scope) {
        assertEquals(new Illegal(rule, code, scope), t);
    }

    static String table(Direction dir) {
        StringBuilder sb = new StringBuilder("| state \\ frame " + (dir == Direction.SENT ? "sent" : "received") + " |");
        for (FrameKind k : FrameKind.values()) sb.append(' ').append(k.label()).append(" |");
        sb.append("\n|---|");
        for (FrameKind k : FrameKind.values()) sb.append("---|");
        sb.append('\n');
        for (Row r : ROWS) {
            sb.append("| ").append(r.label()).append(" |");
            for (FrameKind k : FrameKind.values()) {
                Transition t = StreamTransitions.apply(r.state(), r.closure(), dir, k);
                sb.append(' ').append(StreamTransitions.describe(r.state(), r.closure(), t)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    @Checks({"STR-1", "STR-2", "STR-3", "STR-4", "STR-5", "STR-6", "STR-7", "STR-8", "STR-17"})
    void exhaustiveStateTableMatchesTheReviewedSnapshot() {
        GeneratedBlocks.check("spec/tables/stream-states.md", "received", table(Direction.RECEIVED));
        GeneratedBlocks.check("spec/tables/stream-states.md", "sent", table(Direction.SENT));
    }

    @Test
    void diagramIsGeneratedFromTheTransitionFunction() {
        String d = StreamTransitions.diagram();
        assertTrue(d.contains("idle --> open : send H, recv H"), d);
        assertTrue(d.contains("open --> closed : send R, recv R"), d);
        GeneratedBlocks.check("spec/streams.md", "diagram", d);
    }

    @Test
    @Checks({"STR-1"})
    void idleAcceptsOnlyHeadersAndPriority() {
        for (FrameKind k : FrameKind.values()) {
            Transition t = received(StreamState.IDLE, k);
            switch (k) {
                case HEADERS -> assertEquals(new Legal(StreamState.OPEN, Closure.NONE), t);
                case HEADERS_END_STREAM -> assertEquals(new Legal(StreamState.HALF_CLOSED_REMOTE, Closure.NONE), t);
                case PRIORITY -> assertEquals(new Legal(StreamState.IDLE, Closure.NONE), t);
                case PROMISED -> assertEquals(new Legal(StreamState.RESERVED_REMOTE, Closure.NONE), t);
                default -> assertIllegal(t, STR_1, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
            }
        }
    }

    @Test
    @Checks({"STR-6"})
    void reservedLocalAcceptsOnlyResetPriorityWindowUpdate() {
        for (FrameKind k : List.of(FrameKind.HEADERS, FrameKind.HEADERS_END_STREAM, FrameKind.DATA, FrameKind.DATA_END_STREAM,
                FrameKind.PUSH_PROMISE)) {
            assertIllegal(received(StreamState.RESERVED_LOCAL, k), STR_6, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        }
        assertEquals(new Legal(StreamState.RESERVED_LOCAL, Closure.NONE), received(StreamState.RESERVED_LOCAL, FrameKind.WINDOW_UPDATE));
        assertEquals(new Legal(StreamState.CLOSED, Closure.RESET_RECEIVED), received(StreamState.RESERVED_LOCAL, FrameKind.RST_STREAM));
        // Our side of a push: the response HEADERS moves it to half-closed (remote).
        assertEquals(new Legal(StreamState.HALF_CLOSED_REMOTE, Closure.NONE),
                StreamTransitions.apply(StreamState.RESERVED_LOCAL, Closure.NONE, Direction.SENT, FrameKind.HEADERS));
    }

    @Test
    @Checks({"STR-4", "STR-5", "STR-3"})
    void closedStreamsAnswerByHowTheyClosed() {
        for (FrameKind k : FrameKind.values()) {
            Transition afterOurReset = StreamTransitions.apply(StreamState.CLOSED, Closure.RESET_SENT, Direction.RECEIVED, k);
            if (k == FrameKind.PROMISED) {
                assertInstanceOf(Illegal.class, afterOurReset);
            } else {
                assertEquals(k == FrameKind.PRIORITY ? new Discard(STR_5) : new Discard(STR_4), afterOurReset);
            }
        }
        for (Closure how : List.of(Closure.END_STREAM, Closure.RESET_RECEIVED)) {
            for (FrameKind k : List.of(FrameKind.WINDOW_UPDATE, FrameKind.RST_STREAM, FrameKind.PRIORITY)) {
                assertEquals(new Discard(STR_5), StreamTransitions.apply(StreamState.CLOSED, how, Direction.RECEIVED, k));
            }
            for (FrameKind k : List.of(FrameKind.HEADERS, FrameKind.DATA, FrameKind.DATA_END_STREAM)) {
                // The peer's fault, answered by choice: robust by default, a connection error when strict.
                assertEquals(new Transition.Tolerated(STR_3, ErrorCode.STREAM_CLOSED, Scope.CONNECTION),
                        StreamTransitions.apply(StreamState.CLOSED, how, Direction.RECEIVED, k));
            }
        }
    }

    @Test
    @Checks({"STR-8"})
    void afterEndStreamWeSendOnlyWindowUpdatePriorityReset() {
        for (FrameKind k : FrameKind.values()) {
            Transition t = StreamTransitions.apply(StreamState.HALF_CLOSED_LOCAL, Closure.NONE, Direction.SENT, k);
            switch (k) {
                case WINDOW_UPDATE, PRIORITY -> assertEquals(new Legal(StreamState.HALF_CLOSED_LOCAL, Closure.NONE), t);
                case RST_STREAM -> assertEquals(new Legal(StreamState.CLOSED, Closure.RESET_SENT), t);
                default -> assertIllegal(t, STR_8, ErrorCode.INTERNAL_ERROR, Scope.STREAM);
            }
        }
        assertIllegal(StreamTransitions.apply(StreamState.IDLE, Closure.NONE, Direction.SENT, FrameKind.RST_STREAM), STR_8,
                ErrorCode.INTERNAL_ERROR, Scope.STREAM);
    }

    @Test
    @Checks({"STR-2"})
    void halfClosedRemoteRefusesMoreContent() {
        for (FrameKind k : List.of(FrameKind.HEADERS, FrameKind.HEADERS_END_STREAM, FrameKind.DATA, FrameKind.DATA_END_STREAM)) {
            assertIllegal(received(StreamState.HALF_CLOSED_REMOTE, k), STR_2, ErrorCode.STREAM_CLOSED, Scope.STREAM);
        }
        assertEquals(new Legal(StreamState.HALF_CLOSED_REMOTE, Closure.NONE),
                received(StreamState.HALF_CLOSED_REMOTE, FrameKind.WINDOW_UPDATE));
    }

    @Test
    void endStreamBothWaysCloses() {
        // A path through the machine: open, each side ends, closed — in either order.
        Transition a = StreamTransitions.apply(StreamState.OPEN, Closure.NONE, Direction.SENT, FrameKind.DATA_END_STREAM);
        assertEquals(new Legal(StreamState.HALF_CLOSED_LOCAL, Closure.NONE), a);
        assertEquals(new Legal(StreamState.CLOSED, Closure.END_STREAM), received(StreamState.HALF_CLOSED_LOCAL, FrameKind.HEADERS_END_STREAM));
        assertEquals(new Legal(StreamState.CLOSED, Closure.END_STREAM),
                StreamTransitions.apply(StreamState.HALF_CLOSED_REMOTE, Closure.NONE, Direction.SENT, FrameKind.HEADERS_END_STREAM));
    }
}
