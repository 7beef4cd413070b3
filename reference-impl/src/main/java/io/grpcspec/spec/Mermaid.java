package io.grpcspec.spec;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Renders a machine's transition table as a Mermaid state diagram for {@code spec/}. Machines
 * compute their edges by running their own transition function over every (state, event)
 * pair, so the committed diagram is checked against the code, never drawn by hand.
 */
public final class Mermaid {
    private Mermaid() {}

    /** One arrow: {@code from --label--> to}. Use "[*]" for the start or end pseudo-state. */
    public record Edge(String from, String label, String to) {}

    /** A {@code stateDiagram-v2} block (without the Markdown fence); edges are deduplicated in order. */
    public static String stateDiagram(Collection<Edge> edges) {
        Set<String> lines = new LinkedHashSet<>();
        for (Edge e : edges) {
            lines.add("    " + e.from() + " --> " + e.to() + (e.label().isEmpty() ? "" : " : " + e.label()));
        }
        return "stateDiagram-v2\n" + String.join("\n", lines) + "\n";
    }
}
