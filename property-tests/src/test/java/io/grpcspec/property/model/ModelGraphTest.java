package io.grpcspec.property.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Mermaid;
import io.grpcspec.testing.GeneratedBlocks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The explored graph of the smallest interesting bound — the connection handshake with one
 * SETTINGS change by either side, no streams — drawn from the checker's own exploration into
 * spec/model-checking.md, so the document shows exactly what the checker walks.
 */
class ModelGraphTest {

    static final Bounds HANDSHAKE = new Bounds("handshake", 0, 1, 1, 1, List.of(0), 1, 0, 0, 0, 2, 0, false);

    @Test
    void handshakeGraphIsInTheSpec() {
        List<Mermaid.Edge> edges = new ArrayList<>();
        ExplorationResult r = new Explorer<>(new ConnectionModel(HANDSHAKE), HANDSHAKE.name())
                .edges((from, label, to) -> edges.add(new Mermaid.Edge(name(from), clean(label), name(to)))).run();
        assertEquals(0, r.violations().size(), () -> r.violations().get(0).render());
        assertTrue(r.complete());
        assertEquals(r.transitions(), edges.size(), "every transition drawn");
        List<Mermaid.Edge> all = new ArrayList<>();
        all.add(new Mermaid.Edge("[*]", "", name(0)));
        all.addAll(edges);
        GeneratedBlocks.check("spec/model-checking.md", "graph", Mermaid.stateDiagram(all));
    }

    private static String name(int id) {
        return "s" + id;
    }

    /** Mermaid transition labels: no colons or brackets. */
    private static String clean(Object label) {
        return label.toString().replace("<- ", "recv ").replace(":", "").replace("[", "(").replace("]", ")")
                .replace("MAX_FRAME_SIZE=16384, ", "");
    }
}
