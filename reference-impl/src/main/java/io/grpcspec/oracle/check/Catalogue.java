package io.grpcspec.oracle.check;

import io.grpcspec.oracle.RuleCatalogue;
import io.grpcspec.spec.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every scenario {@code grpcspec check} runs, in report order, and the areas they are grouped
 * under. The scenarios live in one class per subject; each names the rules its expectations
 * check, the main one first.
 */
public final class Catalogue {
    private Catalogue() {}

    /** The areas in the order a report prints them. */
    public static final List<String> AREA_ORDER = List.of("CONN", "SET", "KA", "FR", "FC", "STR", "HB", "HP", "GA", "RPC");

    private static final List<Scenario> ALL = build();

    public static List<Scenario> all() {
        return ALL;
    }

    /** Area prefix to its title, in report order. */
    public static Map<String, String> areaTitles() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : AREA_ORDER) {
            for (RuleCatalogue.Area area : RuleCatalogue.AREAS) if (area.prefix().equals(a)) m.put(a, area.title());
        }
        return m;
    }

    private static List<Scenario> build() {
        List<Scenario> all = new ArrayList<>();
        all.addAll(ConnectionScenarios.all());
        all.addAll(SettingsScenarios.all());
        all.addAll(PingScenarios.all());
        all.addAll(FrameScenarios.all());
        all.addAll(FlowScenarios.all());
        all.addAll(StreamScenarios.all());
        all.addAll(HeaderBlockScenarios.all());
        all.addAll(FieldScenarios.all());
        all.addAll(GrpcScenarios.all());
        all.addAll(KeepaliveScenarios.all());
        all.addAll(GoAwayScenarios.all());
        Set<String> ids = new HashSet<>();
        for (Scenario s : all) {
            if (!ids.add(s.id())) throw new IllegalStateException("two scenarios named " + s.id());
            if (!AREA_ORDER.contains(s.area())) throw new IllegalStateException(s.id() + " is in no reported area");
        }
        all.sort((a, b) -> Integer.compare(AREA_ORDER.indexOf(a.area()), AREA_ORDER.indexOf(b.area())));
        return List.copyOf(all);
    }

    /**
     * A scenario: {@code rules} are rule IDs separated by spaces, the main one first; its ID is
     * the main rule and {@code slug}.
     */
    static Scenario scenario(String rules, String slug, String title, Scenario.Script script, Scenario.Need... needs) {
        List<Rule> rs = Arrays.stream(rules.split(" ")).map(Rules::of).toList();
        return new Scenario(rs.get(0).id() + "/" + slug, title, rs, Set.of(needs), script);
    }
}
