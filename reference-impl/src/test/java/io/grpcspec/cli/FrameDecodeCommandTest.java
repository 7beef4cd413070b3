package io.grpcspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.testing.Checks;
import io.grpcspec.testing.CliRun;
import org.junit.jupiter.api.Test;

/** {@code grpcspec frame decode} through {@link Main#run}, with stdout and stderr captured. */
class FrameDecodeCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void decodesAFrameReadably() {
        CliRun r = run("frame", "decode", "00000c040000000000000500004000000400100000");
        assertEquals(0, r.exit(), r.err());
        assertEquals("SETTINGS ack=false [MAX_FRAME_SIZE=16384, INITIAL_WINDOW_SIZE=1048576]\n", r.out());
    }

    @Test
    void acceptsSpacedHexInSeveralArgumentsAndPrintsJson() {
        CliRun r = run("frame", "decode", "0x000002 01 05", "00000001", "82:86", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals("{\"length\":2,\"type\":\"HEADERS\",\"type_code\":1,\"flags\":5,"
                + "\"flag_names\":[\"END_HEADERS\",\"END_STREAM\"],\"stream_id\":1,\"end_stream\":true,"
                + "\"end_headers\":true,\"fragment_hex\":\"8286\"}\n", r.out());
    }

    @Test
    @Checks("FR-3")
    void aMalformedFrameNamesCodeScopeAndRuleAndExitsOne() {
        CliRun r = run("frame", "decode", "000007060000000000 01020304050607");
        assertEquals(1, r.exit());
        assertEquals("error: FRAME_SIZE_ERROR (connection) rule FR-3: PING payload is 7 bytes, must be 8\n", r.out());
        CliRun json = run("frame", "decode", "--json", "000007060000000000 01020304050607");
        assertEquals(1, json.exit());
        assertEquals("{\"error\":{\"code\":\"FRAME_SIZE_ERROR\",\"scope\":\"connection\",\"rule\":\"FR-3\",\"stream_id\":0,"
                + "\"frame_type\":\"PING\",\"detail\":\"PING payload is 7 bytes, must be 8\"}}\n", json.out());
    }

    @Test
    @Checks("FR-14")
    void aStreamErrorNamesTheStream() {
        CliRun r = run("frame", "decode", "000005020000000003 0000000310");
        assertEquals(1, r.exit());
        assertEquals("error: PROTOCOL_ERROR (stream 3) rule FR-14: PRIORITY makes stream 3 depend on itself\n", r.out());
    }

    @Test
    @Checks("FR-19")
    void truncatedInputIsATruncationError() {
        CliRun r = run("frame", "decode", "0000080600000000000102");
        assertEquals(1, r.exit());
        assertEquals("error: PROTOCOL_ERROR (connection) rule FR-19: input ends after 2 of the 8 payload bytes"
                + " of a PING frame on stream 0\n", r.out());
    }

    @Test
    void bytesAfterTheFrameAreAnError() {
        CliRun r = run("frame", "decode", "000000040100000000 00");
        assertEquals(1, r.exit());
        assertEquals("error: 1 trailing byte after the SETTINGS frame (9 bytes: 9-byte header + 0-byte payload);"
                + " decode takes exactly one frame\n", r.out());
        assertTrue(run("frame", "decode", "--json", "000000040100000000 0000").out().contains("\"trailing_bytes\":2"));
    }

    @Test
    @Checks("FR-2")
    void theFrameSizeLimitCanBeRaised() {
        String hex = "004001000000000001" + "00".repeat(16_385);
        assertEquals(1, run("frame", "decode", hex).exit());
        CliRun r = run("frame", "decode", "--max-frame-size", "16385", hex);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("DATA stream=1 flags=none data=16385 bytes\n", r.out());
    }

    @Test
    void inputThatIsNotHexIsAUsageError() {
        CliRun r = run("frame", "decode", "00zz");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("error: not hex"), r.err());
        assertEquals(2, run("frame", "decode", "000").exit());
        assertEquals(2, run("frame", "decode", "--max-frame-size", "100", "00").exit());
        assertEquals(2, run("frame", "decode").exit(), "HEX is required");
    }

    @Test
    void frameAloneShowsItsUsage() {
        CliRun r = run("frame");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("decode"), r.out());
    }
}
