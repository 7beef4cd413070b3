package io.grpcspec.oracle.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Rule;
import io.grpcspec.spec.connection.Settings;
import io.grpcspec.testing.GeneratedBlocks;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CatalogueTest {

    @Test
    void atLeastSixtyScenariosWithUniqueIdsInReportedAreas() {
        List<Scenario> all = Catalogue.all();
        assertTrue(all.size() >= 60, all.size() + " scenarios");
        assertEquals(all.size(), all.stream().map(Scenario::id).distinct().count());
        for (Scenario s : all) {
            assertTrue(Catalogue.AREA_ORDER.contains(s.area()), s.id());
            assertTrue(s.id().startsWith(s.rule().id() + "/"), s.id());
        }
        // Report order: areas in AREA_ORDER, the catalogue's order within each.
        List<Integer> order = all.stream().map(s -> Catalogue.AREA_ORDER.indexOf(s.area())).toList();
        assertEquals(order.stream().sorted().toList(), order);
    }

    @Test
    void theIssuesSubjectsAreCovered() {
        Set<String> rules = Catalogue.all().stream().flatMap(s -> s.rules().stream()).map(Rule::id).collect(Collectors.toSet());
        for (String id : List.of("SET-9", "SET-2", "SET-5", "SET-6", "SET-7", "FR-5", "KA-1", "FR-13", "FR-2", "FC-3", "FC-5", "FC-1", "FC-2",
                "STR-1", "STR-2", "STR-3", "STR-9", "STR-10", "STR-13", "HB-1", "HB-2", "HB-3", "RPC-7", "RPC-9", "RPC-5", "RPC-43", "GA-5",
                "KA-11", "KA-12", "RPC-2", "RPC-3", "RPC-12", "RPC-37", "RPC-10", "RPC-25", "RPC-14", "RPC-16", "RPC-20", "RPC-21")) {
            assertTrue(rules.contains(id), id + " is checked by no scenario");
        }
    }

    @Test
    void theScenarioTableInSpecIsTheCatalogue() {
        StringBuilder t = new StringBuilder("| ID | Rules | What the server must do | Needs |\n|----|-------|-------------------------|-------|\n");
        for (Scenario s : Catalogue.all()) {
            String needs = s.needs().stream().map(n -> n.name().toLowerCase().replace('_', ' ')).sorted().collect(Collectors.joining(", "));
            t.append("| `").append(s.id()).append("` | ").append(s.rules().stream().map(Rule::id).collect(Collectors.joining(", ")))
                    .append(" | ").append(s.title().replace("|", "\\|")).append(" | ").append(needs.isEmpty() ? "-" : needs).append(" |\n");
        }
        GeneratedBlocks.check("spec/oracle.md", "scenarios", t.toString());
    }

    @Test
    void onlySelectsByAreaRuleOrId() {
        Scenario s = Catalogue.all().stream().filter(x -> x.id().equals("HB-5/trailers-without-end-stream")).findFirst().orElseThrow();
        assertTrue(s.selectedBy(List.of()));
        assertTrue(s.selectedBy(List.of("HB")));
        assertTrue(s.selectedBy(List.of("RPC-22")), "a secondary rule selects it too");
        assertTrue(s.selectedBy(List.of("FC", "HB-5/trailers-without-end-stream")));
        assertFalse(s.selectedBy(List.of("RPC", "HB-1")));
    }

    @Test
    void needsTheServerDoesNotMeetSkip() {
        Scenario limit = Catalogue.all().stream().filter(x -> x.id().equals("STR-13/over-max-concurrent-streams")).findFirst().orElseThrow();
        ServerFacts unlimited = new ServerFacts(Settings.DEFAULT, true, "ok");
        assertEquals("the server announces no SETTINGS_MAX_CONCURRENT_STREAMS", limit.unmet(unlimited, PingPolicy.DEFAULT));
        ServerFacts hundred = new ServerFacts(Settings.DEFAULT.with(new io.grpcspec.wire.Setting(3, 100)), true, "ok");
        assertNull(limit.unmet(hundred, PingPolicy.DEFAULT));
        ServerFacts noService = new ServerFacts(hundred.settings(), false, "UNIMPLEMENTED");
        assertTrue(limit.unmet(noService, PingPolicy.DEFAULT).contains("does not serve grpc.testing.TestService"));
        Scenario pings = Catalogue.all().stream().filter(x -> x.id().equals("KA-11/too-many-pings")).findFirst().orElseThrow();
        assertNull(pings.unmet(hundred, PingPolicy.DEFAULT));
        assertEquals("--policy says the server does not police PINGs", pings.unmet(hundred, PingPolicy.NONE));
    }
}
