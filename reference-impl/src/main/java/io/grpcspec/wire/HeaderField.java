package io.grpcspec.wire;

/**
 * One field of a decoded header list, RFC 9113 §8.2 / RFC 7541 §1.3.
 *
 * <p>Names and values are strings whose chars are the octets (ISO-8859-1), so binary values
 * ({@code -bin} metadata before base64, or hostile input) survive unchanged. {@code neverIndexed}
 * records the HPACK "never indexed" representation, which intermediaries must preserve
 * (RFC 7541 §6.2.3).
 */
public record HeaderField(String name, String value, boolean neverIndexed) {

    public HeaderField(String name, String value) {
        this(name, value, false);
    }

    /** The size RFC 7541 §4.1 and RFC 9113 §6.5.2 count: octets of name and value plus 32. */
    public long size() {
        return name.length() + value.length() + 32L;
    }

    public boolean isPseudo() {
        return name.startsWith(":");
    }

    @Override
    public String toString() {
        return name + ": " + value + (neverIndexed ? " (never indexed)" : "");
    }
}
