package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Role;
import io.grpcspec.spec.connection.ConnectionConfig;
import io.grpcspec.spec.connection.Settings;
import io.grpcspec.spec.keepalive.ConnectionManagerConfig;
import io.grpcspec.spec.keepalive.EnforcementPolicy;
import io.grpcspec.spec.keepalive.PingerConfig;
import io.grpcspec.spec.limits.Limits;
import io.grpcspec.spec.stream.HeaderBlockAssembler;
import io.grpcspec.spec.stream.StreamConfig;

/**
 * Everything one HTTP/2 endpoint is configured with. The parts belong to the machines it
 * composes; {@link #client()} and {@link #server()} give grpc-go's defaults, and the resource
 * budgets of spec/limits.md ({@link Limits#SERVER}, {@link Limits#CLIENT}). The server-only
 * parts (enforcement, connection management) are ignored for a client.
 *
 * <p>The settings we announce ({@code connection.settings()}) and our connection window
 * ({@code connection.connectionWindow()}) are authoritative: the stream table's concurrency
 * limit and flow configuration are derived from them (see {@link Endpoints#initial}).
 */
public record EndpointConfig(Role role,
                             ConnectionConfig connection,
                             StreamConfig streams,
                             HeaderBlockAssembler.Limits headerBlockLimits,
                             PingerConfig pinger,
                             EnforcementPolicy enforcement,
                             ConnectionManagerConfig connectionManagement,
                             Limits limits) {

    /** With the role's default {@link Limits}. */
    public EndpointConfig(Role role, ConnectionConfig connection, StreamConfig streams, HeaderBlockAssembler.Limits headerBlockLimits,
                          PingerConfig pinger, EnforcementPolicy enforcement, ConnectionManagerConfig connectionManagement) {
        this(role, connection, streams, headerBlockLimits, pinger, enforcement, connectionManagement,
                role == Role.SERVER ? Limits.SERVER : Limits.CLIENT);
    }

    public EndpointConfig {
        if (connection.role() != role || streams.role() != role) {
            throw new IllegalArgumentException("parts configured for another role: endpoint " + role
                    + ", connection " + connection.role() + ", streams " + streams.role());
        }
    }

    public static EndpointConfig client() {
        return new EndpointConfig(Role.CLIENT, ConnectionConfig.defaults(Role.CLIENT), StreamConfig.of(Role.CLIENT),
                HeaderBlockAssembler.Limits.DEFAULT, PingerConfig.CLIENT_DEFAULT, EnforcementPolicy.DEFAULT,
                ConnectionManagerConfig.DEFAULT);
    }

    public static EndpointConfig server() {
        return new EndpointConfig(Role.SERVER, ConnectionConfig.defaults(Role.SERVER), StreamConfig.of(Role.SERVER),
                HeaderBlockAssembler.Limits.DEFAULT, PingerConfig.SERVER_DEFAULT, EnforcementPolicy.DEFAULT,
                ConnectionManagerConfig.DEFAULT);
    }

    public EndpointConfig withSettings(Settings settings) {
        return withConnection(connection.withSettings(settings));
    }

    /** Our connection receive window (65535..2^31-1), announced by a WINDOW_UPDATE on stream 0 when larger. */
    public EndpointConfig withConnectionWindow(int window) {
        return withConnection(connection.withConnectionWindow(window));
    }

    public EndpointConfig withConnection(ConnectionConfig c) {
        return new EndpointConfig(role, c, streams, headerBlockLimits, pinger, enforcement, connectionManagement, limits);
    }

    public EndpointConfig withStreams(StreamConfig s) {
        return new EndpointConfig(role, connection, s, headerBlockLimits, pinger, enforcement, connectionManagement, limits);
    }

    public EndpointConfig withPinger(PingerConfig p) {
        return new EndpointConfig(role, connection, streams, headerBlockLimits, p, enforcement, connectionManagement, limits);
    }

    public EndpointConfig withEnforcement(EnforcementPolicy e) {
        return new EndpointConfig(role, connection, streams, headerBlockLimits, pinger, e, connectionManagement, limits);
    }

    public EndpointConfig withConnectionManagement(ConnectionManagerConfig m) {
        return new EndpointConfig(role, connection, streams, headerBlockLimits, pinger, enforcement, m, limits);
    }

    /** The resource budgets (spec/limits.md). */
    public EndpointConfig withLimits(Limits l) {
        return new EndpointConfig(role, connection, streams, headerBlockLimits, pinger, enforcement, connectionManagement, l);
    }
}
