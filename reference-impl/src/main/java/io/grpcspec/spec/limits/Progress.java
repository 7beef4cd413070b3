package io.grpcspec.spec.limits;

import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.PushPromiseFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.UnknownFrame;
import io.grpcspec.wire.WindowUpdateFrame;

/**
 * What one received frame does to the run of frames without progress ({@link LimitsRules#LIM_3}).
 * Progress is what only costs the peer something it has a bounded supply of: DATA bytes (flow
 * control), an END_STREAM, a new header block (streams). Frames that other budgets already bound
 * (SETTINGS and PING answers, LIM-8 and KA-9..11; RST_STREAM, LIM-1; WINDOW_UPDATE and GOAWAY,
 * cheap and one-way) neither count nor end a run: a flood cannot hide behind them.
 */
public enum Progress {
    /** Moves the conversation on: the run ends. */
    PROGRESS,
    /** Costs the peer nothing and us a read: the run grows. */
    NONE,
    /** Judged by another budget: the run stays as it is. */
    NEUTRAL;

    public static Progress of(Frame f) {
        return switch (f) {
            case DataFrame d -> d.data().isEmpty() && !d.endStream() ? NONE : PROGRESS;
            case HeadersFrame h -> PROGRESS;
            case ContinuationFrame c -> c.fragment().isEmpty() && !c.endHeaders() ? NONE : NEUTRAL;
            case PriorityFrame p -> NONE;
            case UnknownFrame u -> NONE;
            case RstStreamFrame r -> NEUTRAL;
            case SettingsFrame s -> NEUTRAL;
            case PingFrame p -> NEUTRAL;
            case GoAwayFrame g -> NEUTRAL;
            case WindowUpdateFrame w -> NEUTRAL;
            case PushPromiseFrame p -> NEUTRAL;
        };
    }
}
