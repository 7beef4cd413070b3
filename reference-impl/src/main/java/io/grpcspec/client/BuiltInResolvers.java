package io.grpcspec.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** The resolvers of the built-in schemes: dns, passthrough, unix (naming.md). */
final class BuiltInResolvers {
    private BuiltInResolvers() {}

    static boolean isBuiltIn(Resolver r) {
        return r == DNS || r == PASSTHROUGH || r == UNIX;
    }

    /** {@code dns}: every address of the host from the system resolver, in the order it gives them. */
    static final Resolver DNS = target -> {
        TargetResult<TargetAddress> a = target.address();
        if (!a.isOk()) return new Resolver.Failed(a.error().toString());
        TargetAddress.Tcp tcp = (TargetAddress.Tcp) a.value();
        try {
            List<SocketAddress> out = new ArrayList<>();
            for (InetAddress ip : InetAddress.getAllByName(tcp.host())) out.add(new InetSocketAddress(ip, tcp.port()));
            return new Resolver.Addresses(out);
        } catch (UnknownHostException e) {
            return new Resolver.Failed("dns: cannot resolve \"" + tcp.host() + "\": " + e.getMessage());
        } catch (SecurityException e) {
            return new Resolver.Failed("dns: lookup of \"" + tcp.host() + "\" not permitted: " + e.getMessage());
        }
    };

    /**
     * {@code passthrough}: the endpoint goes to the dialer as written, one address, unresolved
     * (the dialer looks the host up when it connects, like grpc-go's passthrough).
     */
    static final Resolver PASSTHROUGH = target -> {
        TargetResult<TargetAddress> a = target.address();
        if (!a.isOk()) return new Resolver.Failed(a.error().toString());
        TargetAddress.Tcp tcp = (TargetAddress.Tcp) a.value();
        return new Resolver.Addresses(List.of(InetSocketAddress.createUnresolved(tcp.host(), tcp.port())));
    };

    /** {@code unix}: one unix-domain socket path. (Abstract names have no Java 17 address form.) */
    static final Resolver UNIX = target -> {
        TargetResult<TargetAddress> a = target.address();
        if (!a.isOk()) return new Resolver.Failed(a.error().toString());
        if (a.value() instanceof TargetAddress.Unix u) return new Resolver.Addresses(List.of(UnixDomainSocketAddress.of(u.path())));
        return new Resolver.Failed("unix-abstract: Java 17 has no address type for the Linux abstract namespace");
    };
}
