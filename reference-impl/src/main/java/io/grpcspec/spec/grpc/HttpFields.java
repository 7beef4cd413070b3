package io.grpcspec.spec.grpc;

import io.grpcspec.wire.HeaderField;
import io.grpcspec.spec.Rule;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The RFC 9113 §8 checks every header list gets, whichever direction: what makes an HTTP/2
 * message malformed (a stream error of type PROTOCOL_ERROR, RFC 9113 §8.1.1).
 */
final class HttpFields {
    private HttpFields() {}

    /** Why a header list is malformed. */
    record Problem(Rule rule, String detail) {}

    /**
     * Checks names, values, pseudo-header placement and the pseudo-header set: only
     * {@code allowedPseudo}, each at most once ({@code pseudoRule} when not).
     */
    static Problem check(List<HeaderField> fields, Set<String> allowedPseudo, Rule pseudoRule) {
        boolean regularSeen = false;
        Set<String> pseudoSeen = new HashSet<>();
        for (HeaderField f : fields) {
            String name = f.name();
            if (name.isEmpty()) return new Problem(RpcRules.RPC_9, "empty field name");
            // RFC 9113 §8.2.1: no controls, space, upper case or non-ASCII; a colon only to start a pseudo-header.
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c >= 'A' && c <= 'Z') return new Problem(RpcRules.RPC_9, "field name '" + name + "' has upper-case characters");
                if (c <= 0x20 || c >= 0x7f || (c == ':' && i > 0)) {
                    return new Problem(RpcRules.RPC_9, "field name '" + name + "' has a character not allowed in names");
                }
            }
            String value = f.value();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == 0 || c == '\r' || c == '\n') {
                    return new Problem(RpcRules.RPC_9, "field '" + name + "' has NUL, CR or LF in its value");
                }
            }
            if (!value.isEmpty() && (isBlank(value.charAt(0)) || isBlank(value.charAt(value.length() - 1)))) {
                return new Problem(RpcRules.RPC_9, "field '" + name + "' has leading or trailing whitespace in its value");
            }
            if (f.isPseudo()) {
                if (regularSeen) return new Problem(RpcRules.RPC_6, "pseudo-header field " + name + " after a regular field");
                if (!allowedPseudo.contains(name)) {
                    return new Problem(pseudoRule, "pseudo-header field " + name + " is not allowed here");
                }
                if (!pseudoSeen.add(name)) return new Problem(pseudoRule, "pseudo-header field " + name + " appears twice");
            } else {
                regularSeen = true;
                if (Metadata.CONNECTION_SPECIFIC.contains(name)) {
                    return new Problem(RpcRules.RPC_5, "connection-specific field '" + name + "'");
                }
                if (name.equals("te") && !value.equals("trailers")) {
                    return new Problem(RpcRules.RPC_4, "te: " + value + " (only \"trailers\" is allowed)");
                }
            }
        }
        return null;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** The value of the last field named {@code name} (as grpc-go reads repeated fields), or null. */
    static String last(List<HeaderField> fields, String name) {
        String v = null;
        for (HeaderField f : fields) {
            if (f.name().equals(name)) v = f.value();
        }
        return v;
    }

    static boolean has(List<HeaderField> fields, String name) {
        for (HeaderField f : fields) {
            if (f.name().equals(name)) return true;
        }
        return false;
    }
}
