package io.grpcspec.spec.connection;

import io.grpcspec.spec.Role;
import io.grpcspec.traceability.Enforces;

/** The state of one connection's lifecycle machine: phase plus the SETTINGS and GOAWAY parts. */
public record ConnectionState(ConnectionConfig config, Phase phase, SettingsExchange settings, GoAwayState goAway) {

    /** A connection before {@link ConnectionEvent.Start}. */
    public static ConnectionState initial(ConnectionConfig config) {
        return new ConnectionState(config, Phase.IDLE,
                SettingsExchange.initial(config.role(), config.settingsAckTimeoutNanos()),
                GoAwayState.initial(config.role()));
    }

    public Role role() {
        return config.role();
    }

    /** Whether we may open a stream now ({@link ConnectionRules#CONN_8}, {@link GoAwayRules#GA_8}). */
    @Enforces({"CONN-8", "GA-8"})
    public boolean mayOpenLocalStream() {
        return phase == Phase.OPERATIONAL && !goAway.draining();
    }

    ConnectionState with(Phase p) {
        return new ConnectionState(config, p, settings, goAway);
    }

    ConnectionState with(SettingsExchange s) {
        return new ConnectionState(config, phase, s, goAway);
    }

    ConnectionState with(GoAwayState g) {
        return new ConnectionState(config, phase, settings, g);
    }
}
