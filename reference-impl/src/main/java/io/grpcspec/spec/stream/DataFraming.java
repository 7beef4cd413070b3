package io.grpcspec.spec.stream;

import io.grpcspec.wire.Frame;

/**
 * How the endpoint cuts its outbound DATA into frames. The default fills each frame as far as the
 * peer's SETTINGS_MAX_FRAME_SIZE and the send windows allow, unpadded. The negative interop
 * scenarios {@code data_frame_padding} and {@code no_df_padding_sanity_test} ask for tiny frames,
 * with or without large padding, to see whether a client counts padding in flow control
 * (RFC 9113 §6.1, {@code FlowControlRules.FC_4}) and reassembles messages from many frames.
 *
 * @param maxData   data octets per frame at most (before padding); Integer.MAX_VALUE: no bound of our own
 * @param padLength the Pad Length of every frame that carries data, or {@link Frame#NO_PADDING}
 */
public record DataFraming(int maxData, int padLength) {

    /** Frames as large as allowed, no padding. */
    public static final DataFraming DEFAULT = new DataFraming(Integer.MAX_VALUE, Frame.NO_PADDING);

    public DataFraming {
        if (maxData < 1) throw new IllegalArgumentException("max data per frame " + maxData);
        if (padLength != Frame.NO_PADDING && (padLength < 0 || padLength > 255)) {
            throw new IllegalArgumentException("pad length " + padLength);
        }
    }

    /** Flow-controlled octets a data-carrying frame adds beyond its data: the Pad Length octet and the padding. */
    public int overhead() {
        return padLength == Frame.NO_PADDING ? 0 : padLength + 1;
    }
}
