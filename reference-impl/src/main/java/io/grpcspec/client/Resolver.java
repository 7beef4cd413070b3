package io.grpcspec.client;

import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * Turns a parsed {@link Target} into the addresses to connect to (gRPC naming.md). One resolver
 * per URI scheme, kept in a {@link ResolverRegistry}. {@link #resolve} may block (DNS); the
 * channel calls it off its synchronization context, and again whenever the balancer asks for
 * re-resolution.
 */
@FunctionalInterface
public interface Resolver {

    Result resolve(Target target);

    /** What a resolution gave: addresses in preference order, or why there are none. */
    sealed interface Result {}

    record Addresses(List<SocketAddress> addresses) implements Result {
        public Addresses {
            addresses = List.copyOf(addresses);
        }
    }

    record Failed(String reason) implements Result {
        public Failed {
            Objects.requireNonNull(reason);
        }
    }

    /** A resolver that always answers {@code addresses} (tests, static configurations). */
    static Resolver fixed(List<? extends SocketAddress> addresses) {
        List<SocketAddress> copy = List.copyOf(addresses);
        return t -> new Addresses(copy);
    }
}
