package io.grpcspec.oracle;

import java.util.List;

/** Renders the rule table of one area as Markdown, for the generated block in its spec file. */
public final class RuleTables {
    private RuleTables() {}

    /** At most this many tests are named per rule in the table; the rest are counted. */
    private static final int MAX_TESTS_SHOWN = 3;

    public static String markdown(RuleIndex index, String areaPrefix) {
        StringBuilder sb = new StringBuilder();
        sb.append("| ID | Level | Rule | Source | Enforced in | Tested by |\n");
        sb.append("|----|-------|------|--------|-------------|-----------|\n");
        for (RuleIndex.Entry e : index.entries()) {
            if (!e.area().prefix().equals(areaPrefix)) continue;
            sb.append("| ").append(e.rule().id())
                    .append(" | ").append(e.rule().level())
                    .append(" | ").append(cell(e.rule().statement()))
                    .append(" | ").append(cell(e.rule().source()))
                    .append(" | ").append(names(e.enforcedIn(), e.enforcedIn().size()))
                    .append(" | ").append(names(e.testedBy(), MAX_TESTS_SHOWN))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String names(List<String> names, int max) {
        if (names.isEmpty()) return "—";
        List<String> shown = names.subList(0, Math.min(max, names.size()));
        String s = "`" + String.join("`, `", shown) + "`";
        return names.size() > max ? s + " +" + (names.size() - max) + " more" : s;
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
