package io.grpcspec.spec.connection;

import io.grpcspec.spec.Role;
import static io.grpcspec.spec.connection.SettingsRules.SET_2;
import static io.grpcspec.spec.connection.SettingsRules.SET_3;
import static io.grpcspec.spec.connection.SettingsRules.SET_5;
import static io.grpcspec.spec.connection.SettingsRules.SET_6;

import io.grpcspec.spec.Violation;
import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.spec.Scope;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import java.util.List;
import java.util.Optional;

/**
 * The value checks RFC 9113 §6.5.2 puts on received SETTINGS parameters. Every value is checked,
 * in frame order, even one a later repeat would override: the RFC makes the value itself the
 * error, not the final outcome. Identifiers this spec does not know pass unchecked ({@link SettingsRules#SET_7}).
 */
public final class SettingsValidation {
    private SettingsValidation() {}

    /** The first broken rule among {@code settings} as received by {@code receiver}, if any. */
    public static Optional<Violation> check(Role receiver, List<Setting> settings) {
        for (Setting s : settings) {
            Optional<Violation> v = check(receiver, s);
            if (v.isPresent()) return v;
        }
        return Optional.empty();
    }

    /** The broken rule of one received parameter, if any. */
    @Enforces("SET-7")
    public static Optional<Violation> check(Role receiver, Setting s) {
        long v = s.value();
        switch (s.id()) {
            case SettingId.ENABLE_PUSH -> {
                if (v != 0 && v != 1) return fail(SET_2, ErrorCode.PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH = " + v);
                if (v == 1 && receiver == Role.CLIENT) {
                    return fail(SET_3, ErrorCode.PROTOCOL_ERROR, "server sent SETTINGS_ENABLE_PUSH = 1");
                }
            }
            case SettingId.INITIAL_WINDOW_SIZE -> {
                if (v > Settings.MAX_WINDOW_SIZE) {
                    return fail(SET_5, ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE = " + v);
                }
            }
            case SettingId.MAX_FRAME_SIZE -> {
                if (v < Settings.MIN_MAX_FRAME_SIZE || v > Settings.MAX_MAX_FRAME_SIZE) {
                    return fail(SET_6, ErrorCode.PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE = " + v);
                }
            }
            default -> { }
        }
        return Optional.empty();
    }

    private static Optional<Violation> fail(io.grpcspec.spec.Rule rule, ErrorCode code, String detail) {
        return Optional.of(new Violation(rule, code, Scope.CONNECTION, 0, detail));
    }
}
