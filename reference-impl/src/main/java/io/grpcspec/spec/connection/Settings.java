package io.grpcspec.spec.connection;

import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import java.util.ArrayList;
import java.util.List;

/**
 * The six SETTINGS parameters of RFC 9113 §6.5.2 as one immutable value. Values are unsigned
 * 32-bit numbers held in {@code long}; "no limit" (the RFC default of MAX_CONCURRENT_STREAMS and
 * MAX_HEADER_LIST_SIZE) is {@link #UNLIMITED}, which compares larger than any wire value, so a
 * limit check is a plain {@code <}.
 *
 * <p>This record holds values only; whether a received value is allowed is decided by
 * {@link SettingsValidation} before {@link #with(Setting)} is called.
 */
public record Settings(
        long headerTableSize,
        boolean enablePush,
        long maxConcurrentStreams,
        long initialWindowSize,
        long maxFrameSize,
        long maxHeaderListSize) {

    /** Stands for "no limit announced". Never written to the wire. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    public static final long DEFAULT_HEADER_TABLE_SIZE = 4096;
    public static final long DEFAULT_INITIAL_WINDOW_SIZE = 65_535;
    public static final long MIN_MAX_FRAME_SIZE = 16_384;
    public static final long MAX_MAX_FRAME_SIZE = 16_777_215;
    public static final long MAX_WINDOW_SIZE = 0x7fff_ffffL;

    /** The values in force before any SETTINGS frame has been processed ({@link SettingsRules#SET_1}). */
    public static final Settings DEFAULT = new Settings(
            DEFAULT_HEADER_TABLE_SIZE, true, UNLIMITED, DEFAULT_INITIAL_WINDOW_SIZE, MIN_MAX_FRAME_SIZE, UNLIMITED);

    /** The value of one known parameter ({@code 1}/{@code 0} for ENABLE_PUSH); unknown ids throw. */
    public long value(int id) {
        return switch (id) {
            case SettingId.HEADER_TABLE_SIZE -> headerTableSize;
            case SettingId.ENABLE_PUSH -> enablePush ? 1 : 0;
            case SettingId.MAX_CONCURRENT_STREAMS -> maxConcurrentStreams;
            case SettingId.INITIAL_WINDOW_SIZE -> initialWindowSize;
            case SettingId.MAX_FRAME_SIZE -> maxFrameSize;
            case SettingId.MAX_HEADER_LIST_SIZE -> maxHeaderListSize;
            default -> throw new IllegalArgumentException("not one of the six RFC 9113 settings: " + id);
        };
    }

    /** True for the six identifiers this record holds; others are ignored (RFC 9113 §6.5.2). */
    public static boolean known(int id) {
        return id >= SettingId.HEADER_TABLE_SIZE && id <= SettingId.MAX_HEADER_LIST_SIZE;
    }

    /** These settings with one parameter replaced; an unknown identifier leaves them as they are ({@link SettingsRules#SET_7}). */
    @Enforces("SET-7")
    public Settings with(Setting s) {
        long v = s.value();
        return switch (s.id()) {
            case SettingId.HEADER_TABLE_SIZE -> new Settings(v, enablePush, maxConcurrentStreams, initialWindowSize, maxFrameSize, maxHeaderListSize);
            case SettingId.ENABLE_PUSH -> new Settings(headerTableSize, v != 0, maxConcurrentStreams, initialWindowSize, maxFrameSize, maxHeaderListSize);
            case SettingId.MAX_CONCURRENT_STREAMS -> new Settings(headerTableSize, enablePush, v, initialWindowSize, maxFrameSize, maxHeaderListSize);
            case SettingId.INITIAL_WINDOW_SIZE -> new Settings(headerTableSize, enablePush, maxConcurrentStreams, v, maxFrameSize, maxHeaderListSize);
            case SettingId.MAX_FRAME_SIZE -> new Settings(headerTableSize, enablePush, maxConcurrentStreams, initialWindowSize, v, maxHeaderListSize);
            case SettingId.MAX_HEADER_LIST_SIZE -> new Settings(headerTableSize, enablePush, maxConcurrentStreams, initialWindowSize, maxFrameSize, v);
            default -> this;
        };
    }

    /** Applies the list in wire order, so a repeated identifier ends with its last value ({@link SettingsRules#SET_8}). */
    @Enforces("SET-8")
    public Settings withAll(List<Setting> settings) {
        Settings s = this;
        for (Setting one : settings) s = s.with(one);
        return s;
    }

    /**
     * The parameters where these settings differ from {@code base}, in identifier order, as they
     * would be written in a SETTINGS frame. A parameter returning to "no limit" cannot be expressed
     * on the wire, so it is written as the largest 32-bit value.
     */
    public List<Setting> differencesFrom(Settings base) {
        List<Setting> out = new ArrayList<>();
        for (int id = SettingId.HEADER_TABLE_SIZE; id <= SettingId.MAX_HEADER_LIST_SIZE; id++) {
            long mine = value(id);
            if (mine != base.value(id)) out.add(new Setting(id, Math.min(mine, 0xffff_ffffL)));
        }
        return List.copyOf(out);
    }
}
