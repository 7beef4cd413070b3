package io.grpcspec.client;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Small lexical helpers for target parsing: percent-decoding and IP address literals. */
final class TargetSyntax {
    private TargetSyntax() {}

    /** Decodes %XX escapes (RFC 3986 §2.1) as UTF-8; null when an escape or the bytes are malformed. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '%') {
                out.write(raw[i]);
                continue;
            }
            if (i + 2 >= raw.length) return null;
            int hi = Character.digit(raw[i + 1], 16);
            int lo = Character.digit(raw[i + 2], 16);
            if (hi < 0 || lo < 0) return null;
            out.write(hi * 16 + lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Dotted-quad IPv4 literal: four decimal parts 0..255 (no leading '+', at most 3 digits each). */
    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) return false;
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) < '0' || p.charAt(i) > '9') return false;
            }
            if (Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    /**
     * IPv6 literal (RFC 4291 §2.2): eight groups of 1-4 hex digits, one "::" standing for one or more
     * zero groups, an optional dotted IPv4 tail counting as two groups, and an optional zone after
     * '%' (RFC 6874), as Go's net.ParseIP/netip accept them.
     */
    static boolean isIpv6(String s) {
        int zone = s.indexOf('%');
        if (zone >= 0) {
            if (zone == s.length() - 1) return false;
            s = s.substring(0, zone);
        }
        if (s.indexOf(':') < 0) return false;
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) return false;
        int groups;
        if (gap >= 0) {
            String head = s.substring(0, gap);
            String tail = s.substring(gap + 2);
            int h = head.isEmpty() ? 0 : countGroups(head, false);
            int t = tail.isEmpty() ? 0 : countGroups(tail, true);
            if (h < 0 || t < 0) return false;
            groups = h + t;
            return groups <= 7;
        }
        groups = countGroups(s, true);
        return groups == 8;
    }

    /** Number of 16-bit groups in a ':'-separated run, or -1 when malformed. */
    private static int countGroups(String run, boolean ipv4TailAllowed) {
        String[] parts = run.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && ipv4TailAllowed && p.indexOf('.') >= 0) {
                if (!isIpv4(p)) return -1;
                groups += 2;
                continue;
            }
            if (p.isEmpty() || p.length() > 4) return -1;
            for (int k = 0; k < p.length(); k++) {
                if (Character.digit(p.charAt(k), 16) < 0) return -1;
            }
            groups++;
        }
        return groups;
    }

    /** Decimal port 0..65535, or -1. Go also accepts service names ("http"); we do not. */
    static int port(String s) {
        if (s.isEmpty() || s.length() > 5) return -1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return -1;
        }
        int p = Integer.parseInt(s);
        return p <= 65535 ? p : -1;
    }
}
