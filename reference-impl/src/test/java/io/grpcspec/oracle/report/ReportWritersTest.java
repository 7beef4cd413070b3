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
                new Case("RPC-43", "grpcspec.RPC", Outcome.PASSED, "", "", 0, "warning: no user-agent <stream 1>"),
                new Case("RPC-44", "grpcspec.RPC", Outcome.PASSED, "", "", 0)))));
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals("0", d.getDocumentElement().getAttribute("failures"));
        assertEquals(1, d.getElementsByTagName("system-out").getLength());
        assertEquals("warning: no user-agent <stream 1>", d.getElementsByTagName("system-out").item(0).getTextContent());
    }
}
