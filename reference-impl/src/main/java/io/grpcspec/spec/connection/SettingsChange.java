package io.grpcspec.spec.connection;

import io.grpcspec.wire.SettingId;

/**
 * Settings that just took effect, as an action for the composed connection machine: it resizes
 * stream windows by {@link #initialWindowSizeDelta()} (RFC 9113 §6.9.2); its driver tells the
 * HPACK encoder or decoder about a new table size, and the frame reader about a new frame size.
 * Exactly one change is emitted per processed SETTINGS frame or ACK, even when nothing differs,
 * so the integrator can rely on the count.
 */
public sealed interface SettingsChange extends ConnectionAction {

    Settings before();

    Settings after();

    /** The peer's SETTINGS frame was applied: these limits now bind what WE send. */
    record PeerSettingsApplied(Settings before, Settings after) implements SettingsChange {}

    /** The peer acknowledged our SETTINGS: these limits now bind what the PEER sends us. */
    record LocalSettingsAcknowledged(Settings before, Settings after) implements SettingsChange {}

    default boolean changed(int settingId) {
        return before().value(settingId) != after().value(settingId);
    }

    /** New minus old INITIAL_WINDOW_SIZE; may be negative (RFC 9113 §6.9.2). */
    default long initialWindowSizeDelta() {
        return after().initialWindowSize() - before().initialWindowSize();
    }

    default boolean headerTableSizeChanged() {
        return changed(SettingId.HEADER_TABLE_SIZE);
    }

    default boolean maxFrameSizeChanged() {
        return changed(SettingId.MAX_FRAME_SIZE);
    }
}
