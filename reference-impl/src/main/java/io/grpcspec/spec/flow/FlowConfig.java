package io.grpcspec.spec.flow;

/**
 * Our receive windows: {@code connectionWindow} for the whole connection and
 * {@code streamWindow} per stream (announced as SETTINGS_INITIAL_WINDOW_SIZE by the settings
 * machine). Both default to 65 535, RFC 9113's initial value and grpc-go's default when its
 * BDP estimator is off. grpc-go's dynamic window (BDP estimation with PING) is left out: it is
 * a tuning policy layered on these same primitives (a retarget plus a connection WINDOW_UPDATE).
 */
public record FlowConfig(int connectionWindow, int streamWindow) {

    public static final FlowConfig DEFAULT = new FlowConfig(Window.DEFAULT_INITIAL, Window.DEFAULT_INITIAL);

    public FlowConfig {
        // The connection window can only grow from 65535 (WINDOW_UPDATE cannot shrink it).
        if (connectionWindow < Window.DEFAULT_INITIAL) {
            throw new IllegalArgumentException("connection window below 65535: " + connectionWindow);
        }
        if (streamWindow < 0) throw new IllegalArgumentException("stream window " + streamWindow);
    }
}
