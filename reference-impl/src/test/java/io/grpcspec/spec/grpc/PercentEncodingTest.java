package io.grpcspec.spec.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.testing.Checks;
import java.util.List;
import org.junit.jupiter.api.Test;

class PercentEncodingTest {

    @Test
    @Checks("RPC-21")
    void printableAsciiOtherThanPercentStaysAsItIs() {
        assertEquals("", PercentEncoding.encode(""));
        assertEquals("hello world ~!\"#$&'()*+,-./:;<=>?@[\\]^_`{|}", PercentEncoding.encode("hello world ~!\"#$&'()*+,-./:;<=>?@[\\]^_`{|}"));
    }

    @Test
    @Checks("RPC-21")
    void percentControlsAndNonAsciiAreEscapedAsUtf8() {
        assertEquals("%25", PercentEncoding.encode("%"));
        assertEquals("100%25 done", PercentEncoding.encode("100% done"));
        assertEquals("a%0Ab%0D%09", PercentEncoding.encode("a\nb\r\t"));
        assertEquals("%00%1F%7F", PercentEncoding.encode("\u0000\u001f\u007f"));
        assertEquals("caf%C3%A9", PercentEncoding.encode("café"));
        assertEquals("%E2%82%AC", PercentEncoding.encode("€"));
        assertEquals("%F0%9F%98%80", PercentEncoding.encode("😀"));
        // An unpaired surrogate has no UTF-8 form; Java's encoder writes '?'.
        assertEquals("?", PercentEncoding.encode("\ud800"));
    }

    @Test
    @Checks("RPC-21")
    void decodingIsTheInverse() {
        for (String s : List.of("", "plain", "%", "%%", "%25", "100% done", "caf\u00e9", "€ 😀 ✓", "tab\tnl\ncr\r", "\u0000x")) {
            assertEquals(s, PercentEncoding.decode(PercentEncoding.encode(s)), s);
        }
        assertEquals("é", PercentEncoding.decode("%c3%a9"));
    }

    @Test
    @Checks("RPC-21")
    void badEscapesStayLiteralAndBadUtf8BecomesReplacement() {
        assertEquals("%", PercentEncoding.decode("%"));
        assertEquals("%4", PercentEncoding.decode("%4"));
        assertEquals("a%zzb", PercentEncoding.decode("a%zzb"));
        assertEquals("100%", PercentEncoding.decode("100%"));
        assertEquals("%G1%41", PercentEncoding.decode("%G1%2541"));
        assertEquals("\ufffd", PercentEncoding.decode("%E9"));
        assertEquals("x\ufffd", PercentEncoding.decode("x\u00e9"));
        assertEquals("\ufffd", PercentEncoding.decode("%E2%82"));
    }
}
