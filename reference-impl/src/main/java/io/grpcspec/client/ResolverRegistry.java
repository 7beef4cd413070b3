package io.grpcspec.client;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Resolvers by URI scheme, immutable. {@link #defaults()} holds dns, passthrough, unix and
 * unix-abstract; {@link #with} adds or replaces one (custom schemes such as {@code example}).
 * The set of schemes also decides how a target is parsed: a prefix that is not a registered
 * scheme is part of a dns name ({@link Target#parse(String, Set, String)}).
 */
public final class ResolverRegistry {
    private final Map<String, Resolver> byScheme;
    private final String defaultScheme;

    private ResolverRegistry(Map<String, Resolver> byScheme, String defaultScheme) {
        this.byScheme = Map.copyOf(byScheme);
        this.defaultScheme = defaultScheme;
    }

    public static ResolverRegistry defaults() {
        Map<String, Resolver> m = new LinkedHashMap<>();
        m.put("dns", BuiltInResolvers.DNS);
        m.put("passthrough", BuiltInResolvers.PASSTHROUGH);
        m.put("unix", BuiltInResolvers.UNIX);
        m.put("unix-abstract", BuiltInResolvers.UNIX);
        return new ResolverRegistry(m, Target.DEFAULT_SCHEME);
    }

    /** This registry with {@code resolver} for {@code scheme} (lower-cased), replacing any earlier one. */
    public ResolverRegistry with(String scheme, Resolver resolver) {
        Objects.requireNonNull(resolver);
        String s = scheme.toLowerCase(Locale.ROOT);
        if (!s.matches("[a-z][a-z0-9+.\\-]*")) throw new IllegalArgumentException("not a URI scheme: " + scheme);
        Map<String, Resolver> m = new LinkedHashMap<>(byScheme);
        m.put(s, resolver);
        return new ResolverRegistry(m, defaultScheme);
    }

    /** This registry with targets without a registered scheme read as {@code scheme:///target}. */
    public ResolverRegistry withDefaultScheme(String scheme) {
        return new ResolverRegistry(byScheme, scheme.toLowerCase(Locale.ROOT));
    }

    public Set<String> schemes() {
        return byScheme.keySet();
    }

    public String defaultScheme() {
        return defaultScheme;
    }

    /** The resolver for {@code scheme}, or null. */
    public Resolver get(String scheme) {
        return byScheme.get(scheme);
    }

    /** Parses {@code target} with this registry's schemes. */
    public TargetResult<Target> parse(String target) {
        return Target.parse(target, schemes(), defaultScheme);
    }
}
