package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Role;
import io.grpcspec.spec.connection.ConnectionConfig;
import io.grpcspec.spec.keepalive.ConnectionManagerConfig;
import io.grpcspec.spec.keepalive.EnforcementPolicy;
import io.grpcspec.spec.keepalive.PingerConfig;
import io.grpcspec.spec.stream.HeaderBlockAssembler;
import io.grpcspec.spec.stream.StreamConfig;

/**
 * Everything one HTTP/2 endpoint is configured with. The parts belong to the machines it
 * composes; {@link #client()} and {@link #server()} give grpc-go's defaults. The server-only
 * parts (enforcement, connection management) are ignored for a client.
 */
public record EndpointConfig(Role role,
                             ConnectionConfig connection,
                             StreamConfig streams,
                             HeaderBlockAssembler.Limits headerBlockLimits,
                             PingerConfig pinger,
                             EnforcementPolicy enforcement,
                             ConnectionManagerConfig connectionManagement) {

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
}
