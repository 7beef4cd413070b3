package io.grpcspec.client;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Opens client transports: TCP connect, optional TLS handshake, then the HTTP/2 connection
 * (which reports {@link ClientTransport.Listener#onReady} once the server's SETTINGS arrive).
 * Blocking; the subchannel calls it on a connect thread.
 */
@FunctionalInterface
public interface TransportFactory {

    /**
     * @param address where to connect (from the resolver)
     * @param authority the {@code :authority} (also the TLS server name)
     * @param options the dial options (credentials, keepalive, trace, limits)
     * @param timeoutNanos how long the TCP connect and the TLS handshake may take
     * @param scheduler the channel's timer threads (keepalive and handshake timers of the connection)
     * @throws IOException when no connection could be made (the attempt failed)
     */
    ClientTransport connect(SocketAddress address, String authority, DialOptions options, long timeoutNanos,
                            ScheduledExecutorService scheduler, ClientTransport.Listener listener) throws IOException;
}
