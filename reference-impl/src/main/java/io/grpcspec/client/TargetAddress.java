package io.grpcspec.client;

import io.grpcspec.client.TargetError.Kind;
import io.grpcspec.traceability.Enforces;
import java.util.Objects;

/**
 * What a target of a built-in scheme names (rules {@link io.grpcspec.spec.channel.ChannelRules#CH_17} for dns and
 * passthrough, {@link io.grpcspec.spec.channel.ChannelRules#CH_18} for unix): a TCP host and port (dns,
 * passthrough), a unix socket path, or an abstract unix socket name. Computing it is pure; for
 * dns the host still has to be looked up by the resolver.
 */
public sealed interface TargetAddress {

    /** A TCP destination; {@code host} is a name or an IP literal, without brackets. */
    record Tcp(String host, int port) implements TargetAddress {
        public Tcp {
            Objects.requireNonNull(host);
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port);
        }

        /** {@code host:port}, with brackets around an IPv6 host. */
        public String hostPort() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** A unix domain socket path, relative or absolute. */
    record Unix(String path) implements TargetAddress {
        public Unix {
            Objects.requireNonNull(path);
        }
    }

    /** A socket in the Linux abstract namespace; the leading NUL is not part of {@code name}. */
    record UnixAbstract(String name) implements TargetAddress {
        public UnixAbstract {
            Objects.requireNonNull(name);
        }
    }

    /**
     * The address of {@code t} for the built-in schemes: dns (port 443 by default), passthrough
     * (port required, the endpoint goes to the dialer as it is), unix and unix-abstract. Other
     * schemes are {@link Kind#UNSUPPORTED_SCHEME}: their resolver interprets them.
     */
    static TargetResult<TargetAddress> of(Target t) {
        String original = t.toString();
        switch (t.scheme()) {
            case "dns":
                return widen(hostPort(original, t.endpoint(), Target.DNS_DEFAULT_PORT));
            case "passthrough":
                return widen(hostPort(original, t.endpoint(), -1));
            case "unix":
            case "unix-abstract":
                return unix(original, t);
            default:
                return TargetResult.invalid(Kind.UNSUPPORTED_SCHEME, original, "scheme \"" + t.scheme()
                        + "\" has no built-in address form");
        }
    }

    /**
     * Splits {@code endpoint} into host and port as grpc-go's dns resolver does: an IP literal
     * (IPv4, or IPv6 without brackets) is all host; {@code host:port} and {@code [v6]:port} carry a
     * port; an empty host with a port means "localhost"; otherwise {@code defaultPort} is used
     * ({@code -1}: a port is required). Enforces {@link io.grpcspec.spec.channel.ChannelRules#CH_17}.
     */
    @Enforces("CH-17")
    static TargetResult<Tcp> hostPort(String original, String endpoint, int defaultPort) {
        if (endpoint.isEmpty()) return TargetResult.invalid(Kind.MISSING_ADDRESS, original, "the endpoint is empty");
        if (TargetSyntax.isIpv4(endpoint) || TargetSyntax.isIpv6(endpoint)) return withDefault(original, endpoint, defaultPort);
        String host;
        String port = null;
        if (endpoint.startsWith("[")) {
            int close = endpoint.indexOf(']');
            if (close < 0) return TargetResult.invalid(Kind.BAD_BRACKETS, original, "'[' without ']' in \"" + endpoint + "\"");
            host = endpoint.substring(1, close);
            String after = endpoint.substring(close + 1);
            if (host.indexOf('[') >= 0 || after.indexOf('[') >= 0 || after.indexOf(']') >= 0) {
                return TargetResult.invalid(Kind.BAD_BRACKETS, original, "nested or repeated brackets in \"" + endpoint + "\"");
            }
            if (!after.isEmpty() && !after.startsWith(":")) {
                return TargetResult.invalid(Kind.BAD_BRACKETS, original, "unexpected \"" + after + "\" after ']' in \"" + endpoint + "\"");
            }
            if (!TargetSyntax.isIpv6(host)) {
                return TargetResult.invalid(Kind.BAD_IPV6, original, "\"" + host + "\" in brackets is not an IPv6 address");
            }
            if (!after.isEmpty()) port = after.substring(1);
        } else {
            if (endpoint.indexOf('[') >= 0 || endpoint.indexOf(']') >= 0) {
                return TargetResult.invalid(Kind.BAD_BRACKETS, original, "brackets are only allowed around an IPv6 address: \""
                        + endpoint + "\"");
            }
            int colon = endpoint.lastIndexOf(':');
            host = colon < 0 ? endpoint : endpoint.substring(0, colon);
            if (colon >= 0) port = endpoint.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                return TargetResult.invalid(Kind.TOO_MANY_COLONS, original, "\"" + endpoint
                        + "\" has several ':' but is not an IPv6 address; write [address]:port");
            }
        }
        if (port == null) return withDefault(original, host, defaultPort);
        if (port.isEmpty()) {
            return TargetResult.invalid(Kind.EMPTY_PORT, original, "nothing after the port separator ':' in \"" + endpoint + "\"");
        }
        int p = TargetSyntax.port(port);
        if (p < 0) return TargetResult.invalid(Kind.BAD_PORT, original, "port \"" + port + "\" is not a number in 0..65535");
        // As net.Dial (and grpc-go): an empty host means the local system.
        return TargetResult.ok(new Tcp(host.isEmpty() ? "localhost" : host, p));
    }

    private static TargetResult<Tcp> withDefault(String original, String host, int defaultPort) {
        if (defaultPort < 0) return TargetResult.invalid(Kind.MISSING_PORT, original, "\"" + host + "\" has no port");
        return TargetResult.ok(new Tcp(host, defaultPort));
    }

    /** unix and unix-abstract addresses: no authority, abstract names without NUL ({@link io.grpcspec.spec.channel.ChannelRules#CH_18}). */
    @Enforces("CH-18")
    private static TargetResult<TargetAddress> unix(String original, Target t) {
        if (t.authority().isPresent() && !t.authority().get().isEmpty()) {
            return TargetResult.invalid(Kind.UNIX_AUTHORITY, original, "authority \"" + t.authority().get()
                    + "\" is not allowed; write " + t.scheme() + ":///absolute/path or " + t.scheme() + ":path");
        }
        // grpc-go uses the URI path here, not the endpoint, so unix:///tmp/s keeps its leading '/'.
        String path = t.path();
        if (path.isEmpty()) return TargetResult.invalid(Kind.UNIX_EMPTY_PATH, original, "no socket path");
        if (t.scheme().equals("unix")) return TargetResult.ok(new Unix(path));
        if (path.indexOf('\0') >= 0) {
            return TargetResult.invalid(Kind.ABSTRACT_NUL, original, "an abstract socket name may not contain NUL");
        }
        return TargetResult.ok(new UnixAbstract(path));
    }

    @SuppressWarnings("unchecked")
    private static TargetResult<TargetAddress> widen(TargetResult<? extends TargetAddress> r) {
        return (TargetResult<TargetAddress>) r;
    }
}
