package io.grpcspec.client;

import java.util.Objects;

/**
 * Why a dial target cannot be used: what kind of mistake, the target (as given for parse
 * errors; in its canonical {@link Target#toString()} form for address errors), and exactly what
 * is wrong with it.
 */
public record TargetError(Kind kind, String target, String detail) {

    public enum Kind {
        /** The target is the empty string. */
        EMPTY,
        /** The target has a {@code ?query} or {@code #fragment}; no built-in scheme uses them. */
        QUERY_OR_FRAGMENT,
        /** A {@code %} is not followed by two hex digits, or the escapes are not UTF-8. */
        BAD_PERCENT_ENCODING,
        /** The authority part ({@code //authority/}) is malformed. */
        BAD_AUTHORITY,
        /** The scheme to use (the default one, after a fallback) has no registered resolver. */
        NO_RESOLVER,
        /** A dns or passthrough endpoint is empty. */
        MISSING_ADDRESS,
        /** {@code host:} with nothing after the port separator. */
        EMPTY_PORT,
        /** A passthrough endpoint without a port: there is no default to fill in. */
        MISSING_PORT,
        /** The port is not a decimal number in 0..65535. */
        BAD_PORT,
        /** '[' without ']', text between ']' and ':', or a bracket inside a host name. */
        BAD_BRACKETS,
        /** The text inside '[' ']' is not an IPv6 address. */
        BAD_IPV6,
        /** More than one ':' in a host:port that is neither bracketed nor an IPv6 address. */
        TOO_MANY_COLONS,
        /** A unix or unix-abstract target names an authority (only {@code unix:///path} is allowed). */
        UNIX_AUTHORITY,
        /** A unix or unix-abstract target without a path or name. */
        UNIX_EMPTY_PATH,
        /** A unix-abstract name containing a NUL byte. */
        ABSTRACT_NUL,
        /** The scheme has no built-in address form (a custom resolver must interpret it). */
        UNSUPPORTED_SCHEME
    }

    public TargetError {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(target);
        Objects.requireNonNull(detail);
    }

    @Override
    public String toString() {
        return kind + " in target \"" + target + "\": " + detail;
    }
}
