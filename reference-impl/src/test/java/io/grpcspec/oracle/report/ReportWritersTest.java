package io.grpcspec.oracle.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.oracle.report.JUnitXml.Case;
import io.grpcspec.oracle.report.JUnitXml.Outcome;
import io.grpcspec.oracle.report.JUnitXml.Suite;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ReportWritersTest {

    @Test
    void jsonNestsAndEscapes() {
        String json = new JsonWriter().beginObject()
                .field("rule", "FC-4")
                .field("count", 3)
                .name("frames").beginArray().value("a\"b").value(true).endArray()
                .name("empty").beginObject().endObject()
                .endObject().toJson();
        assertEquals("""
                {
                  "rule": "FC-4",
                  "count": 3,
                  "frames": [
                    "a\\"b",
                    true
                  ],
                  "empty": {}
                }
                """, json);
    }

    @Test
    void jsonRefusesMisuse() {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().value("no key"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginArray().endObject());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().toJson());
    }

    @Test
    void junitXmlIsWellFormedAndCounts() throws Exception {
        String xml = JUnitXml.render("grpcspec", List.of(
                new Suite("FC", List.of(
                        new Case("FC-1", "grpcspec.FC", Outcome.PASSED, "", "", 0.5),
                        new Case("FC-4", "grpcspec.FC", Outcome.FAILED, "expected <GOAWAY>", "trace \"x\" & \u0001", 0.25))),
                new Suite("KA", List.of(new Case("KA-9", "grpcspec.KA", Outcome.SKIPPED, "not exercised", "", 0)))));
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element root = d.getDocumentElement();
        assertEquals("3", root.getAttribute("tests"));
        assertEquals("1", root.getAttribute("failures"));
        assertEquals("1", root.getAttribute("skipped"));
        Element failure = (Element) d.getElementsByTagName("failure").item(0);
        assertEquals("expected <GOAWAY>", failure.getAttribute("message"));
        assertTrue(failure.getTextContent().startsWith("trace \"x\" & "), failure.getTextContent());
        assertEquals(1, d.getElementsByTagName("skipped").getLength());
    }

    @Test
    void aPassedCaseCarriesItsWarningsAsSystemOut() throws Exception {
        String xml = JUnitXml.render("grpcspec", List.of(new Suite("RPC", List.of(
                new Case("RPC-45", "grpcspec.RPC", Outcome.PASSED, "", "", 0, "warning: no user-agent <stream 1>"),
                new Case("RPC-46", "grpcspec.RPC", Outcome.PASSED, "", "", 0)))));
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals("0", d.getDocumentElement().getAttribute("failures"));
        assertEquals(1, d.getElementsByTagName("system-out").getLength());
        assertEquals("warning: no user-agent <stream 1>", d.getElementsByTagName("system-out").item(0).getTextContent());
    }

    static final Verdict PASS = new Verdict("FC-1/zero", "FC", "zero increments", List.of("FC-1"), Outcome.PASSED, "FC-1", "", "",
            List.of(">> WINDOW_UPDATE stream=0 increment=0"), 0.01);
    static final Verdict FAIL = new Verdict("SET-6/small", "SET", "small frames", List.of("SET-6", "SET-9"), Outcome.FAILED, "SET-6",
            "GOAWAY with PROTOCOL_ERROR", "GOAWAY last_stream=0 error=INTERNAL_ERROR", List.of(">> SETTINGS", "<< GOAWAY"), 0.02);
    static final Verdict SKIP = new Verdict("KA-11/pings", "KA", "too many pings", List.of("KA-11"), Outcome.SKIPPED, "KA-11", "",
            "no policing", List.of(), 0);

    @Test
    void textGroupsByAreaMarksEachVerdictAndEndsWithTheSummary() {
        String text = TextReport.render("check x", new java.util.LinkedHashMap<>(java.util.Map.of("SET", "Settings")),
                List.of(PASS, FAIL, SKIP), false);
        assertEquals("""
                check x

                SET  Settings
                  ✗ SET-6   small frames
                        expected: GOAWAY with PROTOCOL_ERROR
                        observed: GOAWAY last_stream=0 error=INTERNAL_ERROR
                        frames:
                          >> SETTINGS
                          << GOAWAY

                FC  FC
                  ✓ FC-1    zero increments

                KA  KA
                  - KA-11   too many pings (skipped: no policing)

                1 passed, 1 failed, 1 skipped
                """, text);
    }

    @Test
    void jsonAndJunitCarryEveryVerdict() throws Exception {
        String json = JsonReport.render(java.util.Map.of("target", "x:1"), List.of(PASS, FAIL));
        assertTrue(json.contains("\"passed\": 1,\n  \"failed\": 1,\n  \"skipped\": 0"), json);
        assertTrue(json.contains("\"rules\": [\n        \"SET-6\",\n        \"SET-9\"\n      ]"), json);
        assertTrue(json.contains("\"outcome\": \"failed\""), json);
        String xml = JUnitXml.render("check x", "grpcspec.check", List.of(PASS, FAIL, SKIP));
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals("3", d.getDocumentElement().getAttribute("tests"));
        assertEquals(3, d.getElementsByTagName("testsuite").getLength());
        Element failure = (Element) d.getElementsByTagName("failure").item(0);
        assertEquals("SET-6: expected GOAWAY with PROTOCOL_ERROR; observed GOAWAY last_stream=0 error=INTERNAL_ERROR",
                failure.getAttribute("message"));
        assertEquals(">> SETTINGS\n<< GOAWAY", failure.getTextContent());
        assertEquals("grpcspec.check.SET", ((Element) d.getElementsByTagName("testcase").item(1)).getAttribute("classname"));
    }

    @Test
    void frameLogsAreBoundedAndShowValuesSafely() {
        FrameLog log = new FrameLog();
        log.fields(List.of(new io.grpcspec.wire.HeaderField("x", "a\u0001b")));
        for (int i = 0; i < FrameLog.MAX_LINES + 5; i++) log.note("n" + i);
        List<String> lines = log.lines();
        assertEquals("     x: a\\x01b", lines.get(0));
        assertEquals(FrameLog.MAX_LINES + 1, lines.size());
        assertEquals("-- 6 more lines not kept", lines.get(lines.size() - 1));
    }
}
