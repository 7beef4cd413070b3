package io.grpcspec.cli;

import io.grpcspec.oracle.RuleIndex;
import io.grpcspec.spec.Rule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code grpcspec rules [--json] [--area FC]}: every catalogue rule with its area, source, spec
 * file, the code that enforces it and the test methods that check it, as {@link RuleIndex} reads
 * them from the checkout's sources (the launcher passes its location as {@code -Dgrpcspec.root}),
 * then any marker that proves nothing where it is, then the counts.
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "List every spec rule with its source, spec file, enforcing code and tests.")
final class RulesCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print a JSON array instead of text.")
    boolean json;

    @Option(names = "--area", paramLabel = "PREFIX", description = "Only rules of this area (e.g. FC, STR).")
    String area;

    @Option(names = "--root", paramLabel = "DIR", description = "Checkout to read sources from (default: -Dgrpcspec.root or the working directory).")
    Path root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path dir = root != null ? root : Paths.get(System.getProperty("grpcspec.root", "."));
        RuleIndex index = RuleIndex.scan(dir.toAbsolutePath().normalize());
        List<RuleIndex.Entry> entries = index.entries().stream()
                .filter(e -> area == null || e.area().prefix().equalsIgnoreCase(area))
                .toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(out, entries);
        } else {
            printText(out, entries, index);
        }
        out.flush();
        return entries.isEmpty() ? 1 : 0;
    }

    private static void printText(PrintWriter out, List<RuleIndex.Entry> entries, RuleIndex index) {
        boolean sources = index.sourcesFound();
        for (RuleIndex.Entry e : entries) {
            Rule r = e.rule();
            out.printf("%-7s %-6s %-28s %s%n", r.id(), r.level(), r.source(), e.area().specFile());
            out.printf("        %s%n", r.statement());
            if (sources) {
                out.printf("        enforced in: %s%n", e.enforcedIn().isEmpty() ? "-" : String.join(", ", e.enforcedIn()));
                out.printf("        tested by:   %s%n", e.testedBy().isEmpty() ? "-" : String.join(", ", e.testedBy()));
            }
        }
        for (RuleIndex.Problem p : index.problems()) out.println("problem: " + p);
        long enforced = entries.stream().filter(e -> !e.enforcedIn().isEmpty()).count();
        long tested = entries.stream().filter(e -> !e.testedBy().isEmpty()).count();
        long areas = entries.stream().map(e -> e.area().prefix()).distinct().count();
        out.printf("%d rules in %d areas%s%n", entries.size(), areas,
                sources ? ", " + enforced + " enforced by code, " + tested + " with tests"
                        : " (no sources found: enforcement and tests not shown)");
    }

    private static void printJson(PrintWriter out, List<RuleIndex.Entry> entries) {
        out.println("[");
        for (int i = 0; i < entries.size(); i++) {
            RuleIndex.Entry e = entries.get(i);
            Rule r = e.rule();
            out.print("  {\"id\": " + q(r.id()) + ", \"area\": " + q(e.area().prefix())
                    + ", \"level\": " + q(r.level().name()) + ", \"source\": " + q(r.source())
                    + ", \"statement\": " + q(r.statement()) + ", \"spec_file\": " + q(e.area().specFile())
                    + ", \"enforced_in\": " + arr(e.enforcedIn()) + ", \"tested_by\": " + arr(e.testedBy()) + "}");
            out.println(i + 1 < entries.size() ? "," : "");
        }
        out.println("]");
    }

    private static String arr(List<String> items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) sb.append(i == 0 ? "" : ", ").append(q(items.get(i)));
        return sb.append(']').toString();
    }

    /** A JSON string literal (the frame codec's escaping: RFC 8259, ASCII-only output). */
    static String q(String s) {
        StringBuilder sb = new StringBuilder();
        io.grpcspec.wire.JsonText.quote(sb, s);
        return sb.toString();
    }
}
