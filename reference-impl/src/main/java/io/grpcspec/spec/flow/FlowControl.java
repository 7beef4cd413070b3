package io.grpcspec.spec.flow;

import static io.grpcspec.spec.flow.FlowControlRules.*;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions.WriteFrame;
import io.grpcspec.spec.Step;
import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.List;

/**
 * The flow-control transitions, RFC 9113 §5.2 and §6.9, as pure functions over
 * {@link ConnectionFlow} and {@link StreamFlow} values. Each returns the next value with the
 * WINDOW_UPDATE frames to write, or the rule the input broke with the exact error and scope.
 *
 * <p>Who changes what:
 * <ul>
 *   <li>DATA we send lowers both send windows ({@link #dataSent}); WINDOW_UPDATE received raises
 *       one of them ({@link #connectionWindowUpdate}, {@link #streamWindowUpdate}); the peer's
 *       INITIAL_WINDOW_SIZE moves every stream send window ({@link #peerInitialWindowShift}).</li>
 *   <li>DATA received lowers both receive windows. Connection credit is returned as soon as the
 *       data arrives ({@link #connectionDataReceived}); stream credit only when the application
 *       consumes ({@link #consumed}). Like grpc-go, this keeps a slow reader from blocking the
 *       other streams: buffered memory is already bounded by each stream's window.</li>
 * </ul>
 */
public final class FlowControl {
    private FlowControl() {}

    /**
     * Connection flow control at the start of a connection. Every window starts at 65 535; a
     * larger connection receive window can only be offered by a WINDOW_UPDATE on stream 0
     * ({@link FlowControlRules#FC_11}), so it comes back as an action. Our stream window applies once the settings
     * machine sees our SETTINGS acknowledged ({@link #localInitialWindowShift}).
     */
    @Enforces("FC-11")
    public static Step<ConnectionFlow> start(FlowConfig config) {
        ConnectionFlow flow = new ConnectionFlow(Window.DEFAULT, InboundWindow.of(Window.DEFAULT_INITIAL),
                Window.DEFAULT_INITIAL, Window.DEFAULT_INITIAL);
        int raise = config.connectionWindow() - Window.DEFAULT_INITIAL;
        if (raise == 0) return Step.next(flow);
        InboundWindow r = flow.receive();
        InboundWindow raised = new InboundWindow(r.window().changedBy(raise), config.connectionWindow(), 0, 0, 0);
        return Step.next(flow.withReceive(raised), update(0, raise));
    }

    /** The windows of a stream opened now: the peer's initial window to send, ours to receive. */
    public static StreamFlow newStream(ConnectionFlow c) {
        return new StreamFlow(Window.of(c.peerInitialWindow()), InboundWindow.of(c.localInitialWindow()));
    }

    // ---------------------------------------------------------------- send side

    /** How many flow-controlled bytes of a pending message may go now: min(connection, stream), at least 0. */
    public static int sendable(ConnectionFlow c, StreamFlow s) {
        return Math.min(c.send().available(), s.send().available());
    }

    /** We send DATA with {@code length} flow-controlled bytes (payload incl. padding, {@link FlowControlRules#FC_4}). */
    public static Step<Flows> dataSent(Flows f, int streamId, int length) {
        int may = sendable(f.connection(), f.stream());
        if (length > may) {
            return Step.streamError(FC_3, ErrorCode.FLOW_CONTROL_ERROR, streamId,
                    "DATA of " + length + " bytes exceeds the send window " + may
                            + " (connection " + f.connection().send() + ", stream " + f.stream().send() + ")");
        }
        return Step.next(new Flows(f.connection().withSend(f.connection().send().changedBy(-length)),
                f.stream().withSend(f.stream().send().changedBy(-length))));
    }

    /** WINDOW_UPDATE on stream 0 received. */
    public static Step<ConnectionFlow> connectionWindowUpdate(ConnectionFlow c, int increment) {
        if (increment == 0) {
            return Step.connectionError(FC_1, ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE with increment 0 on stream 0");
        }
        if (!c.send().canChangeBy(increment)) {
            return Step.connectionError(FC_2, ErrorCode.FLOW_CONTROL_ERROR,
                    "connection window " + c.send() + " + " + increment + " exceeds 2^31-1");
        }
        return Step.next(c.withSend(c.send().changedBy(increment)));
    }

    /** WINDOW_UPDATE on an open stream received. */
    public static Step<StreamFlow> streamWindowUpdate(StreamFlow s, int streamId, int increment) {
        if (increment == 0) {
            return Step.streamError(FC_1, ErrorCode.PROTOCOL_ERROR, streamId, "WINDOW_UPDATE with increment 0");
        }
        if (!s.send().canChangeBy(increment)) {
            return Step.streamError(FC_2, ErrorCode.FLOW_CONTROL_ERROR, streamId,
                    "stream window " + s.send() + " + " + increment + " exceeds 2^31-1");
        }
        return Step.next(s.withSend(s.send().changedBy(increment)));
    }

    /**
     * The peer changed SETTINGS_INITIAL_WINDOW_SIZE by {@code delta}: this stream's send window
     * moves by it, possibly below zero ({@link FlowControlRules#FC_5}); passing 2^31−1 is a connection error (FC-6). The
     * caller applies this to every open stream and updates {@link ConnectionFlow#peerInitialWindow};
     * the connection window does not move.
     */
    @Enforces("FC-5")
    public static Step<StreamFlow> peerInitialWindowShift(StreamFlow s, int streamId, long delta) {
        if (!s.send().canChangeBy(delta)) {
            return Step.connectionError(FC_6, ErrorCode.FLOW_CONTROL_ERROR,
                    "INITIAL_WINDOW_SIZE change of " + delta + " lifts stream " + streamId
                            + " window " + s.send() + " above 2^31-1");
        }
        return Step.next(s.withSend(s.send().changedBy(delta)));
    }

    // ---------------------------------------------------------------- receive side

    /**
     * DATA of {@code length} flow-controlled bytes arrived on any stream, open or not ({@link FlowControlRules#FC_9}). The
     * connection window must admit it (FC-7). Its credit is returned at once, batched by the
     * quarter-window threshold ({@link FlowControlRules#FC_12}).
     */
    @Enforces("FC-9")
    public static Step<ConnectionFlow> connectionDataReceived(ConnectionFlow c, int length) {
        if (!c.receive().admits(length)) {
            return Step.connectionError(FC_7, ErrorCode.FLOW_CONTROL_ERROR,
                    "DATA of " + length + " bytes exceeds the connection receive window " + c.receive().window());
        }
        InboundWindow.Credit credit = c.receive().received(length).freed(length);
        return Step.next(c.withReceive(credit.window()), updates(0, credit.increment()));
    }

    /**
     * DATA of {@code length} flow-controlled bytes, {@code padding} of them padding (pad-length
     * byte included), arrived on an open stream. The stream window must admit it (FC-8); the
     * padding is consumed at once since no application reads it ({@link FlowControlRules#FC_4}), which may return credit.
     */
    @Enforces("FC-4")
    public static Step<StreamFlow> streamDataReceived(StreamFlow s, int streamId, int length, int padding) {
        if (!s.receive().admits(length)) {
            return Step.streamError(FC_8, ErrorCode.FLOW_CONTROL_ERROR, streamId,
                    "DATA of " + length + " bytes exceeds the stream receive window " + s.receive().window());
        }
        InboundWindow.Credit credit = s.receive().received(length).freed(padding);
        return Step.next(s.withReceive(credit.window()), updates(streamId, credit.increment()));
    }

    /** The application consumed {@code bytes} of received data on the stream ({@link FlowControlRules#FC_12}). */
    public static Step<StreamFlow> consumed(StreamFlow s, int streamId, int bytes) {
        InboundWindow.Credit credit = s.receive().freed(bytes);
        return Step.next(s.withReceive(credit.window()), updates(streamId, credit.increment()));
    }

    /** The application waits for a message of {@code size} bytes on the stream ({@link FlowControlRules#FC_13}). */
    public static Step<StreamFlow> messagePending(StreamFlow s, int streamId, int size) {
        InboundWindow.Credit credit = s.receive().ensureRoom(size);
        return Step.next(s.withReceive(credit.window()), updates(streamId, credit.increment()));
    }

    /**
     * Our SETTINGS_INITIAL_WINDOW_SIZE {@code newInitial} is now in effect — call this when the
     * peer acknowledges the SETTINGS ({@link FlowControlRules#FC_10}): before that the peer may still send under the old
     * window. The stream's receive allowance moves by the difference. A change that would lift it
     * above 2^31−1 is refused with FC-6, the error the peer would raise.
     */
    @Enforces("FC-10")
    public static Step<StreamFlow> localInitialWindowShift(StreamFlow s, int streamId, int newInitial) {
        if (!s.receive().canRetarget(newInitial)) {
            return Step.connectionError(FC_6, ErrorCode.FLOW_CONTROL_ERROR,
                    "our INITIAL_WINDOW_SIZE " + newInitial + " lifts stream " + streamId + " receive window above 2^31-1");
        }
        return Step.next(s.withReceive(s.receive().retarget(newInitial)));
    }

    private static WriteFrame update(int streamId, int increment) {
        return new WriteFrame(new WindowUpdateFrame(streamId, increment));
    }

    private static List<Action> updates(int streamId, int increment) {
        return increment == 0 ? List.of() : List.of(update(streamId, increment));
    }
}
