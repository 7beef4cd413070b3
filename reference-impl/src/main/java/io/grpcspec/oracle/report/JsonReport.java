package io.grpcspec.oracle.report;

import java.util.List;
import java.util.Map;

/**
 * Verdicts as one JSON document ({@link JsonWriter}): what was checked ({@code about}, string
 * members), the counts, and every verdict with its rules, outcome, expected and observed text and
 * frame trace.
 *
 * <pre>{@code
 * {
 *   "about": {"target": "127.0.0.1:50051", ...},
 *   "passed": 80, "failed": 1, "skipped": 2,
 *   "verdicts": [{"id": "SET-6/...", "area": "SET", "title": "...", "rules": ["SET-6"],
 *                 "outcome": "failed", "rule": "SET-6", "expected": "...", "observed": "...",
 *                 "seconds": 0.004, "frames": [">> SETTINGS ...", ...]}, ...]
 * }
 * }</pre>
 */
public final class JsonReport {
    private JsonReport() {}

    public static String render(Map<String, String> about, List<Verdict> verdicts) {
        Verdict.Tally t = Verdict.Tally.of(verdicts);
        JsonWriter w = new JsonWriter().beginObject();
        w.name("about").beginObject();
        about.forEach(w::field);
        w.endObject();
        w.field("passed", t.passed()).field("failed", t.failed()).field("skipped", t.skipped());
        w.name("verdicts").beginArray();
        for (Verdict v : verdicts) {
            w.beginObject()
                    .field("id", v.id())
                    .field("area", v.area())
                    .field("title", v.title());
            w.name("rules").beginArray();
            for (String r : v.rules()) w.value(r);
            w.endArray();
            w.field("outcome", v.outcome().name().toLowerCase())
                    .field("rule", v.rule())
                    .field("expected", v.expected())
                    .field("observed", v.observed())
                    .name("seconds").value(Math.round(v.seconds() * 1000) / 1000.0);
            w.name("frames").beginArray();
            for (String f : v.frames()) w.value(f);
            w.endArray();
            w.endObject();
        }
        return w.endArray().endObject().toJson();
    }
}
