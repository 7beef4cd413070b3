package io.grpcspec.spec.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameError;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Priority;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.PushPromiseFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.UnknownFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A peer sending arbitrary (well-formed) frames, in arbitrary order, to a server and to a client
 * that answer like the driver would. Whatever arrives, every step is either legal or a typed
 * violation; {@code recover} never fails and never throws; a connection error always closes the
 * endpoint with GOAWAY; a stream error leaves it open with an RST_STREAM; nothing is written
 * after the close.
 */
class EndpointHostilePeerTest {

    private static final int SEEDS = 300;
    private static final int FRAMES = 200;

    @Test
    @Checks({"GA-10", "STR-4"})
    void arbitraryFramesEndInATypedAnswerNeverAnException() {
        int connectionErrors = 0;
        int streamErrors = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Random rnd = new Random(seed);
            boolean serverUnderTest = seed % 3 != 0;
            EndpointPair pair = EndpointPair.connected();
            EndpointPair.Side side = serverUnderTest ? EndpointPair.Side.SERVER : EndpointPair.Side.CLIENT;
            Endpoint e = pair.peer(side).state();
            List<Integer> opened = new ArrayList<>();
            for (int i = 0; i < FRAMES && !e.closed(); i++) {
                EndpointEvent event;
                if (!serverUnderTest && rnd.nextInt(4) == 0 && e.canOpenStream()) {
                    event = new EndpointEvent.OpenStream(EndpointStreamsTest.REQUEST, rnd.nextBoolean(), i);
                } else if (rnd.nextInt(12) == 0) {
                    int stream = 1 + rnd.nextInt(9);
                    Frame parsed = new PriorityFrame(stream, new Priority(stream, false, 16));
                    event = new EndpointEvent.FrameRejected(new FrameError(FrameError.Kind.SELF_DEPENDENCY, stream,
                            0x2, "self-dependency", parsed), i);
                } else {
                    event = new EndpointEvent.FrameReceived(randomFrame(rnd), i);
                }
                String context = "seed " + seed + " frame " + i + " " + event;
                Step<Endpoint> st;
                try {
                    st = Endpoints.step(e, event);
                } catch (RuntimeException ex) {
                    throw new AssertionError(context + " threw", ex);
                }
                List<Action> actions;
                if (st.isViolation()) {
                    Violation v = st.violation();
                    Step<Endpoint> answer;
                    try {
                        answer = Endpoints.recover(e, event, v);
                    } catch (RuntimeException ex) {
                        throw new AssertionError(context + " recover threw on " + v, ex);
                    }
                    assertFalse(answer.isViolation(), context);
                    actions = answer.actions();
                    assertTrue(actions.stream().anyMatch(a -> a instanceof EndpointActions.PeerViolation), context + " unreported");
                    if (v.scope() == Scope.CONNECTION) {
                        connectionErrors++;
                        assertTrue(answer.state().closed(), context + " stayed open after " + v);
                        List<Frame> goAways = writes(actions, GoAwayFrame.class);
                        assertEquals(1, goAways.size(), context + " " + actions);
                        assertEquals(v.code().code(), ((GoAwayFrame) goAways.get(0)).errorCode(), context);
                        assertTrue(((GoAwayFrame) goAways.get(0)).lastStreamId() <= e.lastPeerStreamId(), context);
                    } else {
                        streamErrors++;
                        boolean reset = writes(actions, RstStreamFrame.class).stream().anyMatch(f -> f.streamId() == v.streamId());
                        boolean ownIdle = e.role().initiates(v.streamId())
                                && e.streamState(v.streamId()) == io.grpcspec.spec.stream.StreamState.IDLE;
                        // A frame the codec parsed whole still gets minimal processing after its stream
                        // error; a connection error found there (a frame inside a header block) ends all.
                        boolean endedByTheFrame = event instanceof EndpointEvent.FrameRejected && answer.state().closed()
                                && !writes(actions, GoAwayFrame.class).isEmpty();
                        assertTrue(reset || ownIdle || endedByTheFrame, context + ": no RST_STREAM for " + v + " in " + actions);
                    }
                    e = answer.state();
                } else {
                    actions = st.actions();
                    e = st.state();
                }
                for (Action a : actions) {
                    if (a instanceof EndpointActions.StreamStarted s) opened.add(s.streamId());
                }
                int close = indexOf(actions, Actions.CloseConnection.class);
                if (close >= 0) {
                    assertTrue(e.closed(), context);
                    for (Action a : actions.subList(close + 1, actions.size())) {
                        assertFalse(a instanceof Actions.WriteFrame, context + ": written after close " + actions);
                    }
                }
            }
        }
        assertTrue(connectionErrors > SEEDS / 2, "too few connection errors: " + connectionErrors);
        assertTrue(streamErrors > SEEDS / 10, "too few stream errors: " + streamErrors);
    }

    private static List<Frame> writes(List<Action> actions, Class<? extends Frame> type) {
        List<Frame> out = new ArrayList<>();
        for (Action a : actions) if (a instanceof Actions.WriteFrame w && type.isInstance(w.frame())) out.add(w.frame());
        return out;
    }

    private static int indexOf(List<Action> actions, Class<? extends Action> type) {
        for (int i = 0; i < actions.size(); i++) if (type.isInstance(actions.get(i))) return i;
        return -1;
    }

    private static Frame randomFrame(Random rnd) {
        int stream = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(9);
        Bytes block = Bytes.ofAscii("hb" + rnd.nextInt(100));
        return switch (rnd.nextInt(13)) {
            case 0, 1 -> new DataFrame(stream, Bytes.of(new byte[rnd.nextInt(3) == 0 ? rnd.nextInt(70_000) : rnd.nextInt(100)]),
                    rnd.nextBoolean(), rnd.nextInt(4) == 0 ? rnd.nextInt(256) : Frame.NO_PADDING);
            case 2, 3 -> new HeadersFrame(stream, block, rnd.nextBoolean(), rnd.nextInt(4) != 0);
            case 4 -> new ContinuationFrame(stream, block, rnd.nextBoolean());
            case 5 -> new RstStreamFrame(stream, ErrorCode.CANCEL);
            case 6 -> new WindowUpdateFrame(rnd.nextInt(3) == 0 ? 0 : stream,
                    rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(4) == 0 ? Integer.MAX_VALUE : 1 + rnd.nextInt(100_000));
            case 7 -> new PriorityFrame(stream, new Priority(rnd.nextInt(10), rnd.nextBoolean(), 1 + rnd.nextInt(256)));
            case 8 -> rnd.nextInt(3) == 0 ? SettingsFrame.ACK_FRAME : new SettingsFrame(false, rnd.nextInt(3) == 0 ? List.of()
                    : List.of(new Setting(1 + rnd.nextInt(7), rnd.nextInt(2) == 0 ? rnd.nextInt(70_000) : rnd.nextLong(0, 0x1_0000_0000L))));
            case 9 -> new PingFrame(rnd.nextBoolean(), rnd.nextLong());
            case 10 -> new GoAwayFrame(rnd.nextInt(12), ErrorCode.NO_ERROR, Bytes.EMPTY);
            case 11 -> new PushPromiseFrame(stream, 2 * (1 + rnd.nextInt(5)), block, rnd.nextBoolean(), Frame.NO_PADDING);
            default -> new UnknownFrame(0x20 + rnd.nextInt(10), 0, stream, Bytes.EMPTY);
        };
    }
}
