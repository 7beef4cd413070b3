package io.grpcspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.oracle.RuleCatalogue;
import io.grpcspec.testing.CliRun;
import io.grpcspec.testing.Root;
import org.junit.jupiter.api.Test;

class RulesCommandTest {

    @Test
    void listsEveryRuleWithSourceEnforcementAndTests() {
        CliRun r = CliRun.of("rules", "--root", Root.project().toString());
        assertEquals(0, r.exit(), r.err());
        int n = RuleCatalogue.all().size();
        assertTrue(r.text().contains("FC-1 "), r.text());
        assertTrue(r.text().contains("spec/flow-control.md"));
        assertTrue(r.text().contains("tested by:"));
        assertEquals(n + " rules in " + RuleCatalogue.AREAS.size() + " areas, " + n + " enforced by code, " + n + " with tests",
                r.lines().get(r.lines().size() - 1));
    }

    @Test
    void jsonOfOneAreaNamesItsFields() {
        CliRun r = CliRun.of("rules", "--json", "--area", "KA", "--root", Root.project().toString());
        assertEquals(0, r.exit(), r.err());
        String json = r.text();
        assertTrue(json.startsWith("[") && json.endsWith("]"), json);
        assertTrue(json.contains("\"id\": \"KA-1\""), json);
        assertTrue(json.contains("\"spec_file\": \"spec/keepalive.md\""), json);
        assertTrue(json.contains("\"tested_by\": [\""), json);
        assertTrue(!json.contains("\"id\": \"FC-1\""), "only the KA area");
    }

    @Test
    void unknownAreaIsAnError() {
        assertEquals(1, CliRun.of("rules", "--area", "NOPE").exit());
    }
}
