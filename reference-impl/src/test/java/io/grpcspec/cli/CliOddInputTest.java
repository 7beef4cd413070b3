package io.grpcspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.hpack.HpackEncoder;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.testing.CliRun;
import io.grpcspec.testing.TestCerts;
import io.grpcspec.wire.HeaderField;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's inputs as other tools and people write them: odd but valid input works (JSON null for
 * an optional member, escaped slashes, numbers spelled 4096.0, a byte order mark, hex the way
 * hexdumps and C arrays print it, PEM files with CRLF line ends and text around the blocks,
 * targets with an upper-case scheme), and invalid input gets one line saying why and exit 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliOddInputTest {
    private Server server;
    private String target;

    @BeforeAll
    void start() throws Exception {
        server = ServerBuilder.forPort(0).addService(GreeterService.definition()).addService(InteropTestService.definition())
                .addReflectionService().build().start();
        target = "127.0.0.1:" + server.port();
    }

    @AfterAll
    void stop() {
        server.shutdownNow();
    }

    private static void assertOneLineAndExit2(CliRun r, String contains) {
        assertEquals(2, r.exit(), () -> "exit " + r.exit() + "\nout: " + r.out() + "\nerr: " + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), () -> "one line: " + r.err());
        assertTrue(err.contains(contains), () -> "'" + contains + "' in: " + r.err());
    }

    // ------------------------------------------------------------------ hpack verify

    /** The hex of our encoder's block for {@code fields} (a fresh context). */
    private static String wire(List<HeaderField> fields) {
        return new HpackEncoder().encode(fields).hex();
    }

    @Test
    void storiesWithNullOptionalMembersEscapedSlashesAndOtherLegalJsonPass(@TempDir Path dir) throws Exception {
        // (a story's non-ASCII text stands for its UTF-8 octets: é is C3 A9 on the wire)
        String block = wire(List.of(new HeaderField(":path", "/a/b"), new HeaderField("x-name", "A\u00c3\u00a9")));
        // Escaped slashes, \\u escapes, a null header_table_size, wire, seqno and description, a number
        // spelled 4096.0e0, a repeated member (the last counts), a byte order mark, CRLF line ends.
        String story = "\uFEFF{\"description\": null,\r\n \"cases\": [\r\n"
                + "  {\"seqno\": null, \"header_table_size\": null, \"wire\": \"" + block.toUpperCase() + "\",\r\n"
                + "   \"headers\": [{\":path\": \"\\/a\\/b\"}, {\"x-name\": \"\\u0041\u00e9\"}]},\r\n"
                + "  {\"seqno\": 1.0, \"header_table_size\": 4096.0e0, \"wire\": null, \"wire\": \"" + block + "\",\r\n"
                + "   \"headers\": [{\":path\": \"/a/b\"}, {\"x-name\": \"A\u00e9\"}]}]}";
        Files.writeString(dir.resolve("story_00.json"), story, StandardCharsets.UTF_8);
        CliRun r = CliRun.of("hpack", "verify", dir.toString());
        assertEquals(List.of("PASS " + dir.getFileName() + "/story_00.json", "1 passed, 0 failed"), r.lines(), r.err());
        assertEquals(0, r.exit());
    }

    @Test
    void fileThatIsNotAStoryIsInvalidWithOneLineAndExit2(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("story_00.json");
        Files.writeString(good, "{\"cases\": [{\"seqno\": 0, \"wire\": \"" + wire(List.of(new HeaderField("a", "b")))
                + "\", \"headers\": [{\"a\": \"b\"}]}]}");
        Files.writeString(dir.resolve("story_01.json"), "{\"cases\": [{\"header_table_size\": \"4096\", \"headers\": []}]}");
        Files.writeString(dir.resolve("story_02.json"), "{\"cases\": [{\"header_table_size\": 01, \"headers\": []}]}");
        Files.writeString(dir.resolve("story_03.json"), "{\"cases\": [{\"header_table_size\": 1e20, \"headers\": []}]}");
        Files.writeString(dir.resolve("story_04.json"), "{\"cases\": null}");
        CliRun r = CliRun.of("hpack", "verify", dir.toString());
        String d = dir.getFileName() + "/";
        assertEquals(List.of(
                "PASS " + d + "story_00.json",
                "INVALID " + d + "story_01.json: not a story: case 0: header_table_size is 4096, not null or a 32-bit unsigned integer",
                "INVALID " + d + "story_02.json: not a story: not JSON: a number may not start with 0 followed by digits at offset 33",
                "INVALID " + d + "story_03.json: not a story: case 0: header_table_size is 1.0E20, not null or a 32-bit unsigned integer",
                "INVALID " + d + "story_04.json: not a story: no \"cases\" array",
                "1 passed, 0 failed, 4 invalid"), r.lines());
        assertEquals(2, r.exit());
    }

    // ------------------------------------------------------------------ frame decode

    @Test
    void hexAsHexdumpsAndCArraysPrintItIsRead() {
        String ping = "PING ack=false opaque=0x0102030405060708";
        for (String[] args : List.of(
                new String[] {"00000806000000000001020304050607", "08"},
                new String[] {"0x00,", "0x00,", "0x08,", "0x06,", "0x0,", "0x0,", "0x0,", "0x0,", "0x0,", "0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08"},
                new String[] {"00:00:08:06:00:00:00:00:00\n01-02-03-04-05-06-07-08"},
                new String[] {"0X0000080600000000000102030405060708"})) {
            CliRun r = CliRun.of(concat("frame", "decode", args));
            assertEquals(0, r.exit(), () -> String.join(" ", args) + ": " + r.err() + r.out());
            assertTrue(r.text().startsWith("PING"), r.text());
        }
        assertTrue(CliRun.of("frame", "decode", "000008060000000000", "0102030405060708").text().contains("0102030405060708"), ping);
    }

    @Test
    void textThatIsNotHexGetsOneLineAndExit2() {
        assertOneLineAndExit2(CliRun.of("frame", "decode", "00000806zz"), "not hex: 'z'");
        assertOneLineAndExit2(CliRun.of("frame", "decode", "0000080"), "odd number of hex digits");
    }

    // ------------------------------------------------------------------ call: JSON requests

    @Test
    void jsonNullEscapedSlashesAndAByteOrderMarkAreRequestsToo() {
        CliRun nul = CliRun.of("call", target, "helloworld.Greeter/SayHello", "null");
        assertEquals(0, nul.exit(), nul.err());
        assertEquals("{\n  \"message\": \"Hello \"\n}", nul.text());
        CliRun slashes = CliRun.of("call", target, "helloworld.Greeter/SayHello", "{\"name\": \"a\\/b\\u0021\"}");
        assertEquals("{\n  \"message\": \"Hello a/b!\"\n}", slashes.text(), slashes.err());
        CliRun bom = CliRun.withStdin("\uFEFF{\"name\": \"bom\"}\r\n", "call", "-d", "@", target, "helloworld.Greeter/SayHello");
        assertEquals("{\n  \"message\": \"Hello bom\"\n}", bom.text(), bom.err());
        CliRun stream = CliRun.of("call", target, "grpc.testing.TestService/StreamingInputCall",
                "[null, {\"payload\": {\"body\": \"AAAA\"}}, {\"payload\": null}]");
        assertEquals("{\n  \"aggregatedPayloadSize\": 3\n}", stream.text(), stream.err());
    }

    @Test
    void jsonThatIsNotJsonOrDoesNotFitGetsOneLineAndExit2() {
        assertOneLineAndExit2(CliRun.of("call", target, "helloworld.Greeter/SayHello", "{\"name\": }"), "does not match helloworld.HelloRequest");
        assertOneLineAndExit2(CliRun.of("call", target, "helloworld.Greeter/SayHello", "[{\"name\": \"a\"} {}]"), "expected ',' or ']'");
        assertOneLineAndExit2(CliRun.of("call", target, "helloworld.Greeter/SayHello", "{\"nome\": \"a\"}"), "at field nome");
    }

    // ------------------------------------------------------------------ PEM files

    @Test
    void pemFilesWithCrlfAndTextAroundTheBlocksWork(@TempDir Path dir) throws Exception {
        TestCerts certs = TestCerts.create(dir);
        Path ca = dir.resolve("ca-crlf.pem");
        Files.writeString(ca, "Bag Attributes\r\n    friendlyName: \u00c9quipe CA\r\nsubject=/CN=test\r\n"
                + Files.readString(certs.certPem()).replace("\n", "\r\n"), StandardCharsets.UTF_8);
        Path key = dir.resolve("key-crlf.pem");
        Files.writeString(key, "# the server's key\r\n" + Files.readString(certs.keyPem()).replace("\n", "\r\n"));
        Server tls = ServerBuilder.forPort(0).addService(GreeterService.definition())
                .tls(io.grpcspec.transport.Tls.serverContext(certs.certPem(), key)).build().start();
        try {
            CliRun r = CliRun.of("call", "--tls", "--ca", ca.toString(), "--authority", "localhost",
                    "127.0.0.1:" + tls.port(), "helloworld.Greeter/SayHello", "{\"name\": \"pem\"}");
            assertEquals("{\n  \"message\": \"Hello pem\"\n}", r.text(), r.err());
        } finally {
            tls.shutdownNow();
        }
    }

    @Test
    void pemFilesThatHoldNoUsableBlockGetOneLineAndExit2(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        assertOneLineAndExit2(CliRun.of("call", "--tls", "--ca", empty.toString(), target, "helloworld.Greeter/SayHello"),
                "holds no CERTIFICATE block");
        Path encrypted = Files.writeString(dir.resolve("enc.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n");
        TestCerts certs = TestCerts.create(dir);
        assertOneLineAndExit2(CliRun.of("serve", "--port", "0", "--tls-cert", certs.certPem().toString(),
                "--tls-key", encrypted.toString()), "the key is encrypted");
        Path garbled = Files.writeString(dir.resolve("garbled.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertOneLineAndExit2(CliRun.of("serve", "--port", "0", "--tls-cert", garbled.toString(),
                "--tls-key", certs.keyPem().toString()), "serve: --tls-cert");
        assertOneLineAndExit2(CliRun.of("serve", "--port", "0", "--tls-cert", dir.resolve("missing.pem").toString(),
                "--tls-key", certs.keyPem().toString()), "no such file");
    }

    // ------------------------------------------------------------------ targets

    @Test
    void targetsInEveryLegalSpellingConnect() {
        for (String t : List.of(target, "dns:///" + target, "DNS:///" + target, "passthrough:///" + target, "dns:" + target)) {
            CliRun r = CliRun.of("call", t, "helloworld.Greeter/SayHello", "{\"name\": \"t\"}");
            assertEquals(0, r.exit(), () -> t + ": " + r.err());
        }
    }

    @Test
    void targetsThatCannotWorkGetOneLineAndExit2() {
        assertOneLineAndExit2(CliRun.of("call", "", "helloworld.Greeter/SayHello"), "the target is empty");
        assertOneLineAndExit2(CliRun.of("call", "127.0.0.1:50051?x=1", "helloworld.Greeter/SayHello"), "queries and fragments");
        assertOneLineAndExit2(CliRun.of("call", "dns://[::1/x", "helloworld.Greeter/SayHello"), "bad target");
    }

    private static String[] concat(String a, String b, String[] rest) {
        String[] all = new String[rest.length + 2];
        all[0] = a;
        all[1] = b;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }
}
