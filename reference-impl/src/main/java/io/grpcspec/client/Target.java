package io.grpcspec.client;

import io.grpcspec.client.TargetError.Kind;
import io.grpcspec.traceability.Enforces;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dial target parsed per gRPC naming.md: an RFC 3986 URI {@code scheme:[//authority]path}
 * whose scheme picks the resolver (rules CH-16..CH-18: {@link io.grpcspec.spec.channel.ChannelRules#CH_16}).
 *
 * <p>{@code authority} is present exactly when the target had the {@code //} form (it may be
 * empty, as in {@code dns:///host}). {@code path} is the URI path: percent-decoded when it starts
 * with '/' (hierarchical), kept verbatim otherwise (opaque, {@code unix:relative/path}) — both as
 * Go's {@code url.Parse} does. {@link #endpoint()} is the name given to the resolver: the path
 * without its leading '/', like grpc-go's {@code Target.Endpoint()}.
 *
 * <p>Pure: no lookup, no I/O. The set of registered schemes is an input.
 */
public record Target(String scheme, Optional<String> authority, String path) {

    /** The scheme of targets without one (grpc-go {@code NewClient}, grpc-java, C-core). */
    public static final String DEFAULT_SCHEME = "dns";

    /** Port used by the dns scheme when the target gives none (naming.md; grpc-go dns resolver). */
    public static final int DNS_DEFAULT_PORT = 443;

    /** The schemes the reference client resolves itself. */
    public static final Set<String> BUILT_IN_SCHEMES = Set.of("dns", "passthrough", "unix", "unix-abstract");

    // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), followed by ':'.
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.\\-]*):");

    public Target {
        Objects.requireNonNull(scheme);
        Objects.requireNonNull(authority);
        Objects.requireNonNull(path);
        if (scheme.isEmpty() || !scheme.equals(scheme.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("scheme must be non-empty lower case: " + scheme);
        }
        if (authority.isPresent() && !path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException("a path after an authority starts with '/': " + path);
        }
    }

    /** Parses with the built-in schemes registered and {@code dns} as the default. */
    public static TargetResult<Target> parse(String target) {
        return parse(target, BUILT_IN_SCHEMES, DEFAULT_SCHEME);
    }

    /**
     * Parses {@code target} ({@link io.grpcspec.spec.channel.ChannelRules#CH_16}). A scheme prefix that is in {@code registeredSchemes} (compared
     * lower-cased) makes the target a URI of that scheme. Without a scheme, or with one nobody
     * registered, the whole target becomes the endpoint of {@code defaultScheme}: it is read as
     * {@code defaultScheme + ":///" + target}, exactly grpc-go's fallback, so
     * {@code localhost:50051} is {@code dns:///localhost:50051}, not scheme "localhost".
     */
    @Enforces("CH-16")
    public static TargetResult<Target> parse(String target, Set<String> registeredSchemes, String defaultScheme) {
        Objects.requireNonNull(target);
        Objects.requireNonNull(registeredSchemes);
        Objects.requireNonNull(defaultScheme);
        if (target.isEmpty()) return TargetResult.invalid(Kind.EMPTY, target, "the target is empty");
        int qf = firstOf(target, "?#");
        if (qf >= 0) {
            return TargetResult.invalid(Kind.QUERY_OR_FRAGMENT, target, "'" + target.charAt(qf) + "' at offset " + qf
                    + ": queries and fragments are not supported");
        }
        Matcher m = SCHEME.matcher(target);
        if (m.lookingAt()) {
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            if (registeredSchemes.contains(scheme)) return parseUri(target, scheme, target.substring(m.end()));
        }
        String fallback = defaultScheme.toLowerCase(Locale.ROOT);
        if (!registeredSchemes.contains(fallback)) {
            return TargetResult.invalid(Kind.NO_RESOLVER, target, "no registered scheme matches and the default scheme \""
                    + fallback + "\" is not registered");
        }
        return parseUri(target, fallback, "///" + target);
    }

    /** Parses what follows {@code scheme:}. */
    private static TargetResult<Target> parseUri(String original, String scheme, String rest) {
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            String bad = authorityProblem(authority);
            if (bad != null) return TargetResult.invalid(Kind.BAD_AUTHORITY, original, "authority \"" + authority + "\": " + bad);
            String rawPath = slash < 0 ? "" : rest.substring(slash);
            String path = TargetSyntax.percentDecode(rawPath);
            if (path == null) return badEscape(original, rawPath);
            return TargetResult.ok(new Target(scheme, Optional.of(authority), path));
        }
        if (rest.startsWith("/")) {
            String path = TargetSyntax.percentDecode(rest);
            if (path == null) return badEscape(original, rest);
            return TargetResult.ok(new Target(scheme, Optional.empty(), path));
        }
        return TargetResult.ok(new Target(scheme, Optional.empty(), rest));
    }

    /** Null when {@code a} is a usable authority: reg-name or IPv4, or [IPv6], each with an optional :port. */
    private static String authorityProblem(String a) {
        if (a.indexOf('@') >= 0) return "user information is not supported";
        String hostPart = a;
        String port = null;
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close < 0) return "'[' without ']'";
            if (!TargetSyntax.isIpv6(a.substring(1, close))) return "\"" + a.substring(1, close) + "\" is not an IPv6 address";
            String after = a.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) return "unexpected \"" + after + "\" after ']'";
            if (!after.isEmpty()) port = after.substring(1);
        } else {
            if (a.indexOf('[') >= 0 || a.indexOf(']') >= 0) return "brackets are only allowed around an IPv6 address";
            int colon = a.lastIndexOf(':');
            if (colon >= 0) {
                hostPart = a.substring(0, colon);
                port = a.substring(colon + 1);
                if (hostPart.indexOf(':') >= 0) return "an IPv6 address must be in brackets";
            }
        }
        if (port != null && !port.isEmpty() && TargetSyntax.port(port) < 0) return "port \"" + port + "\" is not 0..65535";
        return null;
    }

    private static TargetResult<Target> badEscape(String original, String text) {
        return TargetResult.invalid(Kind.BAD_PERCENT_ENCODING, original, "\"" + text
                + "\" has a '%' not followed by two hex digits, or escapes that are not UTF-8");
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) return i;
        }
        return -1;
    }

    /** The name for the resolver: the path without one leading '/' (grpc-go {@code Target.Endpoint()}). */
    public String endpoint() {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /**
     * The {@code :authority} a client sends when nothing overrides it (grpc-go determineAuthority):
     * "localhost" for unix sockets, "localhost:port" for an endpoint ":port", else the endpoint.
     */
    public String defaultAuthority() {
        if (scheme.equals("unix") || scheme.equals("unix-abstract")) return "localhost";
        String e = endpoint();
        return e.startsWith(":") ? "localhost" + e : e;
    }

    /** What this target names for the built-in schemes (see {@link TargetAddress#of}). */
    public TargetResult<TargetAddress> address() {
        return TargetAddress.of(this);
    }

    /** The canonical URI form, e.g. {@code dns:///localhost:50051}. */
    @Override
    public String toString() {
        return scheme + ":" + authority.map(a -> "//" + a).orElse("") + path;
    }
}
