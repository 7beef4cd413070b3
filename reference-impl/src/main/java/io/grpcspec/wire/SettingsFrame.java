package io.grpcspec.wire;

import java.util.List;

/**
 * SETTINGS, RFC 9113 §6.5. Always on stream 0. The list keeps wire order and duplicates: when an
 * identifier repeats, the last value wins (§6.5.3 processes them in order).
 */
public record SettingsFrame(boolean ack, List<Setting> settings) implements Frame {

    public static final SettingsFrame ACK_FRAME = new SettingsFrame(true, List.of());

    public SettingsFrame {
        settings = List.copyOf(settings);
        if (ack && !settings.isEmpty()) throw new IllegalArgumentException("a SETTINGS ACK carries no settings");
    }

    public static SettingsFrame of(Setting... settings) {
        return new SettingsFrame(false, List.of(settings));
    }

    @Override
    public int streamId() {
        return 0;
    }

    @Override
    public int typeCode() {
        return FrameType.SETTINGS.code();
    }

    @Override
    public int flags() {
        return ack ? Flags.ACK : 0;
    }

    @Override
    public int payloadLength() {
        return 6 * settings.size();
    }
}
