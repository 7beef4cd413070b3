package io.grpcspec.oracle.serve;

import static io.grpcspec.oracle.serve.MisbehavingClient.HELLO;
import static io.grpcspec.oracle.serve.MisbehavingClient.request;
import static io.grpcspec.oracle.serve.MisbehavingClient.with;
import static io.grpcspec.oracle.serve.MisbehavingClient.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grpcspec.oracle.serve.Verdicts.RuleResult;
import io.grpcspec.oracle.serve.Verdicts.Status;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A deliberately misbehaving raw client against the server oracle: 27 distinct misbehaviours,
 * each on a connection of its own. Each one must produce a verdict for exactly the rule it breaks
 * (and nothing else), and in the end the JSON and the JUnit reports must list exactly these rules
 * as failed (the MUST ones) and warned (the SHOULD and MAY ones), with evidence.
 */
class MisbehavingClientOracleTest {

    /** Long enough for a loaded machine, short enough for the two misbehaviours that wait it out. */
    static final Duration PATIENCE = Duration.ofMillis(1_500);
    static final Duration WAIT = Duration.ofSeconds(5);
    static final String HELLO_PATH = "/helloworld.Greeter/SayHello";

    @TempDir
    Path dir;

    /** One misbehaviour: its name, the rule it breaks, and what the client does on a fresh connection. */
    record Misbehaviour(String name, String rule, Act act) {}

    interface Act {
        void on(int port) throws Exception;
    }

    private static MisbehavingClient client(int port) throws Exception {
        return new MisbehavingClient(port).handshake();
    }

    /** The misbehaviours, in the order they run (KA-8 needs KA-10's strike before it). */
    static List<Misbehaviour> misbehaviours() {
        List<Misbehaviour> m = new ArrayList<>();
        m.add(new Misbehaviour("stream-ID regression", "STR-10", port -> {
            try (MisbehavingClient c = client(port)) {
                c.sayHello(5, request(HELLO_PATH));
                c.headers(3, request(HELLO_PATH), true);
                c.awaitClosed(WAIT);
            }
        }));
        m.add(new Misbehaviour("DATA beyond the stream window", "FC-8", port -> {
            try (MisbehavingClient c = client(port)) {
                c.headers(1, request(HELLO_PATH), false);
                c.data(1, Bytes.of(new byte[70_000]), false); // our stream window is 65 535
            }
        }));
        m.add(new Misbehaviour("DATA beyond the connection window", "FC-7", port -> {
            try (MisbehavingClient c = client(port)) {
                c.headers(1, request(HELLO_PATH), false);
                c.data(1, Bytes.of(new byte[1_100_000]), false); // our connection window is 1 MiB
                c.awaitClosed(WAIT);
            }
        }));
        m.add(new Misbehaviour("SETTINGS never acknowledged", "SET-9", port -> {
            try (MisbehavingClient c = new MisbehavingClient(port).withoutSettingsAcks().handshake()) {
                Thread.sleep(PATIENCE.toMillis() * 2 + 1_000); // a silent client gets the patience twice
            }
        }));
        m.add(new Misbehaviour("a PING between HEADERS and its CONTINUATION", "HB-1", port -> {
            try (MisbehavingClient c = client(port)) {
                c.send(new HeadersFrame(1, Bytes.ofHex("8386"), false, false));
                c.send(new PingFrame(false, 1));
                c.awaitClosed(WAIT);
            }
        }));
        m.add(new Misbehaviour("malformed grpc-timeout", "RPC-10", port -> {
            try (MisbehavingClient c = client(port)) {
                c.sayHello(1, with(request(HELLO_PATH), "grpc-timeout", "1x"));
            }
        }));
        m.add(new Misbehaviour("no te: trailers", "RPC-3", port -> {
            try (MisbehavingClient c = client(port)) {
                c.sayHello(1, without(request(HELLO_PATH), "te"));
            }
        }));
        m.add(new Misbehaviour("DATA after its own RST_STREAM", "STR-3", port -> {
            try (MisbehavingClient c = client(port)) {
                c.headers(1, request(HELLO_PATH), false);
                c.send(new RstStreamFrame(1, ErrorCode.CANCEL));
                c.data(1, Bytes.of(new byte[12_518]), false);
            }
        }));
        m.add(new Misbehaviour("a PING ACK echoing no PING", "KA-1", port -> {
            try (MisbehavingClient c = client(port)) {
                c.send(new PingFrame(true, 0xdeadL));
            }
        }));
        m.add(new Misbehaviour("WINDOW_UPDATE of 0 on the connection", "FC-1", port -> {
            try (MisbehavingClient c = client(port)) {
                c.writeRaw(new byte[] {0, 0, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0});
                c.awaitClosed(WAIT);
            }
        }));
        m.add(new Misbehaviour("RST_STREAM on an idle stream", "STR-1", port -> {
            try (MisbehavingClient c = client(port)) {
                c.send(new RstStreamFrame(7, ErrorCode.CANCEL));
                c.awaitClosed(WAIT);
            }
        }));
        m.add(new Misbehaviour("a client opening an even stream", "STR-9", port -> {
            try (MisbehavingClient c = client(port)) {
                c.headers(2, request(HELLO_PATH), true);
                c.awaitClosed(WAIT);
            }
        }));
        m.add(new Misbehaviour("a stream depending on itself", "FR-14", port -> {
            try (MisbehavingClient c = client(port)) {
                c.writeRaw(new byte[] {0, 0, 5, 2, 0, 0, 0, 0, 1, 0, 0, 0, 1, 16}); // PRIORITY on 1, depends on 1
            }
        }));
        m.add(new Misbehaviour("SETTINGS_ENABLE_PUSH = 2", "SET-2", port -> {
            try (MisbehavingClient c = client(port)) {
                c.send(new SettingsFrame(false, List.of(new Setting(SettingId.ENABLE_PUSH, 2))));
                c.awaitClosed(WAIT);
            }
        }));
        m.add(new Misbehaviour("a PING of 6 octets", "FR-3", port -> {
            try (MisbehavingClient c = client(port)) {
                c.writeRaw(new byte[] {0, 0, 6, 6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6});
                c.awaitClosed(WAIT);
            }
        }));
        m.add(new Misbehaviour("two messages on a unary call", "RPC-36", port -> {
            try (MisbehavingClient c = client(port)) {
                c.headers(1, request(HELLO_PATH), false);
                c.data(1, HELLO.concat(HELLO), true);
            }
        }));
        m.add(new Misbehaviour("PINGs far too often", "KA-10", port -> {
            try (MisbehavingClient c = client(port)) {
                // 100 ms apart: the strike's interval, which KA-8 then asks the next connection to double
                for (int i = 0; i < 4; i++) {
                    c.sendQuietly(new PingFrame(false, 100 + i));
                    Thread.sleep(100);
                }
                c.awaitClosed(WAIT);
                GoAwayFrame g = c.goAway();
                assertNotNull(g, "too_many_pings GOAWAY");
                assertEquals(ErrorCode.ENHANCE_YOUR_CALM.code(), g.errorCode());
            }
        }));
        m.add(new Misbehaviour("no back-off after too_many_pings", "KA-8", port -> {
            try (MisbehavingClient c = client(port)) {
                // back to back: far below twice the struck interval however slow the machine is
                c.send(new PingFrame(false, 200));
                c.send(new PingFrame(false, 201));
            }
        }));
        m.add(new Misbehaviour("an upper-case header name", "RPC-9", port -> {
            try (MisbehavingClient c = client(port)) {
                c.sayHello(1, with(request(HELLO_PATH), "X-Upper", "1"));
            }
        }));
        m.add(new Misbehaviour("a fifth stream over MAX_CONCURRENT_STREAMS 4", "STR-14", port -> {
            try (MisbehavingClient c = client(port)) {
                for (int id = 1; id <= 9; id += 2) c.headers(id, request(HELLO_PATH), false);
            }
        }));
        m.add(new Misbehaviour("trailers without END_STREAM", "HB-5", port -> {
            try (MisbehavingClient c = client(port)) {
                c.headers(1, request(HELLO_PATH), false);
                c.data(1, HELLO, false);
                c.headers(1, List.of(new HeaderField("x-trailer", "1")), false);
            }
        }));
        m.add(new Misbehaviour("no user-agent", "RPC-45", port -> {
            try (MisbehavingClient c = client(port)) {
                c.sayHello(1, without(request(HELLO_PATH), "user-agent"));
            }
        }));
        m.add(new Misbehaviour("content-type text/plain", "RPC-2", port -> {
            try (MisbehavingClient c = client(port)) {
                c.sayHello(1, with(request(HELLO_PATH), "content-type", "text/plain"));
            }
        }));
        m.add(new Misbehaviour("a SETTINGS ACK for nothing", "SET-11", port -> {
            try (MisbehavingClient c = client(port)) {
                c.send(SettingsFrame.ACK_FRAME);
            }
        }));
        m.add(new Misbehaviour("a unary request left open", "RPC-46", port -> {
            try (MisbehavingClient c = client(port)) {
                c.headers(1, request(HELLO_PATH), false);
                c.data(1, HELLO, false);
                Thread.sleep(PATIENCE.toMillis() * 2 + 1_000); // a silent client gets the patience twice
            }
        }));
        m.add(new Misbehaviour("a content-length the DATA breaks", "RPC-43", port -> {
            try (MisbehavingClient c = client(port)) {
                c.headers(1, with(request(HELLO_PATH), "content-length", "1"), false);
                c.data(1, HELLO, true);
            }
        }));
        m.add(new Misbehaviour("a path that is not /Service/Method", "RPC-12", port -> {
            try (MisbehavingClient c = client(port)) {
                c.sayHello(1, with(request(HELLO_PATH), ":path", "/nomethod"));
            }
        }));
        return m;
    }

    @Test
    @Checks({"STR-10", "FC-8", "FC-7", "SET-9", "HB-1", "RPC-10", "RPC-3", "STR-3", "KA-1", "FC-1", "STR-1", "STR-9", "FR-14",
            "SET-2", "FR-3", "RPC-36", "KA-10", "KA-8", "RPC-9", "STR-14", "HB-5", "RPC-45", "RPC-2", "SET-11", "RPC-46", "RPC-12", "RPC-43"})
    void everyMisbehaviourIsReportedUnderItsRuleInBothReports() throws Exception {
        Path json = dir.resolve("oracle.json");
        Path xml = dir.resolve("oracle.xml");
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        OracleSession session = new OracleSession(true, null, PATIENCE.toNanos(), false, json, xml, lines::add);
        ConcurrentLinkedQueue<String> frames = new ConcurrentLinkedQueue<>();
        Server server = session.apply(ServerBuilder.forPort(0).host("127.0.0.1")
                        .trace(name -> io.grpcspec.transport.FrameTrace.lines(name, frames::add))
                        .addService(GreeterService.definition()).addService(InteropTestService.definition())
                        .maxConcurrentStreams(4).maxFrameSize(2 << 20).initialConnWindowSize(1 << 20))
                .build().start();
        Verdicts v = session.verdicts();
        List<Misbehaviour> all = misbehaviours();
        try {
            // A well-behaved connection first: it warms both ends up and must leave no verdict.
            try (MisbehavingClient c = client(server.port())) {
                c.sayHello(1, request(HELLO_PATH));
                Thread.sleep(200);
            }
            assertEquals(Map.of(), findings(v), () -> String.join("\n", lines));
            for (Misbehaviour mb : all) {
                Map<String, Long> before = findings(v);
                try {
                    mb.act().on(server.port());
                } catch (Exception e) {
                    throw new AssertionError(mb.name() + " failed: " + e + "\nverdicts:\n" + String.join("\n", lines)
                            + "\nframes at the server:\n" + String.join("\n", frames), e);
                }
                awaitFinding(v, mb, before, lines);
                Thread.sleep(50); // anything else this connection causes would show now
                Map<String, Long> after = findings(v);
                Set<String> changed = after.keySet().stream().filter(id -> after.get(id) > before.getOrDefault(id, 0L))
                        .collect(Collectors.toCollection(TreeSet::new));
                assertEquals(Set.of(mb.rule()), changed, () -> mb.name() + ": verdicts\n" + String.join("\n", lines)
                        + "\nframes at the server:\n" + String.join("\n", frames));
            }
        } finally {
            server.shutdown(2, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertEquals(1, session.finish(lines::add), "MUST rules failed: exit status 1");
        Set<String> must = all.stream().map(Misbehaviour::rule).filter(id -> Verdicts.severityOf(rule(id)) == Verdicts.Severity.FAILURE)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> warned = all.stream().map(Misbehaviour::rule).filter(id -> !must.contains(id))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(21, must.size(), must::toString);
        assertEquals(Set.of("RPC-45", "RPC-2", "SET-11", "RPC-46", "KA-8", "RPC-12"), warned);

        // The verdicts as recorded.
        assertEquals(must, ids(v.results(), Status.FAILED));
        assertEquals(warned, ids(v.results(), Status.WARNED));

        // The JSON report: the same, each with its evidence.
        JsonObject report = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        Set<String> jsonFailed = new TreeSet<>();
        Set<String> jsonWarned = new TreeSet<>();
        for (JsonElement e : report.getAsJsonArray("rules")) {
            JsonObject r = e.getAsJsonObject();
            String status = r.get("status").getAsString();
            if (status.equals("failed")) jsonFailed.add(r.get("id").getAsString());
            if (status.equals("warned")) jsonWarned.add(r.get("id").getAsString());
            if (status.equals("failed") || status.equals("warned")) {
                JsonObject f = r.getAsJsonArray("findings").get(0).getAsJsonObject();
                assertTrue(f.get("connection").getAsString().startsWith("127.0.0.1:"), f::toString);
                assertTrue(!f.get("detail").getAsString().isEmpty() && !f.get("answer").getAsString().isEmpty(), f::toString);
                assertTrue(f.getAsJsonArray("before").size() > 0, () -> "evidence before " + r.get("id") + ": " + f);
            }
        }
        assertEquals(must, jsonFailed);
        assertEquals(warned, jsonWarned);
        assertEquals(1, report.getAsJsonObject("summary").get("exitStatus").getAsInt());
        assertEquals(must.size(), report.getAsJsonObject("summary").get("failed").getAsInt());

        // The JUnit report: a failure per MUST rule broken, warnings as the output of passed cases.
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readString(xml).getBytes(StandardCharsets.UTF_8)));
        Set<String> junitFailed = new TreeSet<>();
        Set<String> junitWarned = new TreeSet<>();
        NodeList cases = d.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getElementsByTagName("failure").getLength() > 0) {
                junitFailed.add(c.getAttribute("name"));
                assertTrue(c.getElementsByTagName("failure").item(0).getTextContent().contains("before:"), "evidence in " + c.getAttribute("name"));
            }
            NodeList out = c.getElementsByTagName("system-out");
            if (out.getLength() > 0 && out.item(0).getTextContent().startsWith("warning:")) junitWarned.add(c.getAttribute("name"));
        }
        assertEquals(must, junitFailed);
        assertEquals(warned, junitWarned);
        assertEquals(String.valueOf(must.size()), d.getDocumentElement().getAttribute("failures"));
    }

    private static io.grpcspec.spec.Rule rule(String id) {
        return io.grpcspec.oracle.RuleCatalogue.byId(id);
    }

    private static Set<String> ids(List<RuleResult> results, Status status) {
        return results.stream().filter(r -> r.status() == status).map(r -> r.rule().id()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Findings (failures and warnings) so far, by rule. */
    private static Map<String, Long> findings(Verdicts v) {
        Map<String, Long> m = new HashMap<>();
        for (RuleResult r : v.results()) if (r.failures() + r.warnings() > 0) m.put(r.rule().id(), r.failures() + r.warnings());
        return m;
    }

    private static void awaitFinding(Verdicts v, Misbehaviour mb, Map<String, Long> before, ConcurrentLinkedQueue<String> lines)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (findings(v).getOrDefault(mb.rule(), 0L) > before.getOrDefault(mb.rule(), 0L)) return;
            Thread.sleep(20);
        }
        throw new AssertionError(mb.name() + ": no verdict for " + mb.rule() + "; verdicts:\n" + String.join("\n", lines));
    }
}
