package io.grpcspec.spec.stream;

/**
 * The frames that matter to the stream state machine (RFC 9113 §5.1), with END_STREAM split out.
 * HEADERS stands for a whole header block (HEADERS plus its CONTINUATIONs). {@link #PUSH_PROMISE}
 * is the frame seen on its associated stream; {@link #PROMISED} is the same frame seen from the
 * stream it reserves.
 */
public enum FrameKind {
    HEADERS("HEADERS"),
    HEADERS_END_STREAM("HEADERS+ES"),
    DATA("DATA"),
    DATA_END_STREAM("DATA+ES"),
    PRIORITY("PRIORITY"),
    RST_STREAM("RST_STREAM"),
    WINDOW_UPDATE("WINDOW_UPDATE"),
    PUSH_PROMISE("PUSH_PROMISE"),
    PROMISED("promised");

    private final String label;

    FrameKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean endsStream() {
        return this == HEADERS_END_STREAM || this == DATA_END_STREAM;
    }

    public static FrameKind headers(boolean endStream) {
        return endStream ? HEADERS_END_STREAM : HEADERS;
    }

    public static FrameKind data(boolean endStream) {
        return endStream ? DATA_END_STREAM : DATA;
    }
}
