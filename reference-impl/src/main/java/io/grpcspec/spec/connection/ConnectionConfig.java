package io.grpcspec.spec.connection;

import io.grpcspec.spec.Role;
import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import java.util.ArrayList;
import java.util.List;

/**
 * What one endpoint is configured with before the connection starts.
 *
 * @param role client or server
 * @param settings the settings we announce in our first SETTINGS frame
 * @param connectionWindow our receive window for the whole connection (65535..2^31-1); above
 *     65535 it is announced with a WINDOW_UPDATE on stream 0 ({@link ConnectionRules#CONN_6})
 * @param handshakeTimeoutNanos the handshake deadline (grpc-go's connection timeout: 120 s)
 * @param prefaceTimeoutNanos server only: the client preface and first SETTINGS must arrive this
 *     soon after the connection starts (after TLS), {@code LimitsRules.LIM_4}; 0 = off (a client's value)
 * @param settingsAckTimeoutNanos SETTINGS_TIMEOUT wait; 0 = off (default, as grpc-go and grpc-java)
 * @param goAwayPingTimeoutNanos how long a graceful shutdown waits for its PING ACK before the
 *     second GOAWAY (grpc-go: 5 s)
 */
public record ConnectionConfig(
        Role role,
        Settings settings,
        int connectionWindow,
        long handshakeTimeoutNanos,
        long prefaceTimeoutNanos,
        long settingsAckTimeoutNanos,
        long goAwayPingTimeoutNanos) {

    public static final long DEFAULT_HANDSHAKE_TIMEOUT_NANOS = 120_000_000_000L;
    /** LIM-4: ten seconds is a hundred round trips of the slowest real network, and a tenth of the handshake deadline. */
    public static final long DEFAULT_PREFACE_TIMEOUT_NANOS = 10_000_000_000L;
    public static final long DEFAULT_GOAWAY_PING_TIMEOUT_NANOS = 5_000_000_000L;

    public ConnectionConfig {
        if (connectionWindow < Settings.DEFAULT_INITIAL_WINDOW_SIZE) {
            throw new IllegalArgumentException("connection window below 65535 cannot be announced: " + connectionWindow);
        }
        if (handshakeTimeoutNanos <= 0 || goAwayPingTimeoutNanos <= 0 || settingsAckTimeoutNanos < 0 || prefaceTimeoutNanos < 0) {
            throw new IllegalArgumentException("timeouts must be positive (settings ACK and preface: 0 = off)");
        }
    }

    /** RFC defaults, grpc-go's timeouts, no SETTINGS ACK timeout; a server's preface deadline (LIM-4). */
    public static ConnectionConfig defaults(Role role) {
        return new ConnectionConfig(role, Settings.DEFAULT, (int) Settings.DEFAULT_INITIAL_WINDOW_SIZE,
                DEFAULT_HANDSHAKE_TIMEOUT_NANOS, role == Role.SERVER ? DEFAULT_PREFACE_TIMEOUT_NANOS : 0, 0,
                DEFAULT_GOAWAY_PING_TIMEOUT_NANOS);
    }

    public ConnectionConfig withSettings(Settings s) {
        return new ConnectionConfig(role, s, connectionWindow, handshakeTimeoutNanos, prefaceTimeoutNanos, settingsAckTimeoutNanos, goAwayPingTimeoutNanos);
    }

    public ConnectionConfig withConnectionWindow(int window) {
        return new ConnectionConfig(role, settings, window, handshakeTimeoutNanos, prefaceTimeoutNanos, settingsAckTimeoutNanos, goAwayPingTimeoutNanos);
    }

    public ConnectionConfig withSettingsAckTimeout(long nanos) {
        return new ConnectionConfig(role, settings, connectionWindow, handshakeTimeoutNanos, prefaceTimeoutNanos, nanos, goAwayPingTimeoutNanos);
    }

    public ConnectionConfig withHandshakeTimeout(long nanos) {
        return new ConnectionConfig(role, settings, connectionWindow, nanos, prefaceTimeoutNanos, settingsAckTimeoutNanos, goAwayPingTimeoutNanos);
    }

    /** LIM-4's preface deadline; 0 turns it off. */
    public ConnectionConfig withPrefaceTimeout(long nanos) {
        return new ConnectionConfig(role, settings, connectionWindow, handshakeTimeoutNanos, nanos, settingsAckTimeoutNanos, goAwayPingTimeoutNanos);
    }

    public ConnectionConfig withGoAwayPingTimeout(long nanos) {
        return new ConnectionConfig(role, settings, connectionWindow, handshakeTimeoutNanos, prefaceTimeoutNanos, settingsAckTimeoutNanos, nanos);
    }

    /**
     * The content of our first SETTINGS frame ({@link ConnectionRules#CONN_7}), as grpc-go writes it: only values that
     * differ from the RFC defaults, and a server always states MAX_FRAME_SIZE first.
     */
    @Enforces("CONN-7")
    public List<Setting> initialSettings() {
        List<Setting> out = new ArrayList<>();
        if (role == Role.SERVER) out.add(new Setting(SettingId.MAX_FRAME_SIZE, settings.maxFrameSize()));
        for (Setting s : settings.differencesFrom(Settings.DEFAULT)) {
            if (role == Role.SERVER && s.id() == SettingId.MAX_FRAME_SIZE) continue;
            out.add(s);
        }
        return List.copyOf(out);
    }
}
