package io.grpcspec.spec.keepalive;

import io.grpcspec.spec.Mermaid;
import io.grpcspec.spec.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs a machine's transition function over every (sample state, sample event) pair, and
 * renders the outcomes as the snapshot table and the Mermaid diagram of {@code spec/}.
 *
 * @param <S> the machine's state
 */
final class Exploration<S> {

    /** A representative state; {@code guard} names what sets it apart from others in its phase. */
    record Sample<S>(String guard, S state) {}

    record Input(String label, KeepaliveEvent event) {}

    record Cell<S>(Sample<S> from, Input input, Step<S> step) {}

    private final List<Cell<S>> cells = new ArrayList<>();
    private final Function<S, String> phase;
    private final Function<S, String> describe;

    Exploration(List<Sample<S>> states, List<Input> inputs, BiFunction<S, KeepaliveEvent, Step<S>> step,
                Function<S, String> phase, Function<S, String> describe) {
        this.phase = phase;
        this.describe = describe;
        for (Sample<S> s : states) {
            for (Input i : inputs) cells.add(new Cell<>(s, i, step.apply(s.state(), i.event())));
        }
    }

    List<Cell<S>> cells() {
        return cells;
    }

    /** One Markdown row per pair: state, event, resulting state, actions in order. */
    String table() {
        StringBuilder b = new StringBuilder("| state | event | next state | actions |\n|---|---|---|---|\n");
        for (Cell<S> c : cells) {
            String next = c.step().isViolation() ? "(unchanged)" : describe.apply(c.step().state());
            b.append("| ").append(describe.apply(c.from().state())).append(" | ").append(c.input().label())
                    .append(" | ").append(next).append(" | ").append(Render.actions(c.step())).append(" |\n");
        }
        return b.toString();
    }

    /**
     * The phase diagram: one arrow per (phase, event, next phase) that changes the phase. When
     * one event leads from one phase to different phases depending on the sample, the arrow
     * carries the sample's guard.
     */
    String diagram(List<String> initialPhases, String finalPhase) {
        Map<String, Set<String>> targets = new HashMap<>();
        for (Cell<S> c : cells) {
            if (c.step().isViolation()) continue;
            targets.computeIfAbsent(phase.apply(c.from().state()) + "|" + c.input().label(), k -> new HashSet<>())
                    .add(phase.apply(c.step().state()));
        }
        List<Mermaid.Edge> edges = new ArrayList<>();
        for (String p : initialPhases) edges.add(new Mermaid.Edge("[*]", "", p));
        for (Cell<S> c : cells) {
            if (c.step().isViolation()) continue;
            String from = phase.apply(c.from().state());
            String to = phase.apply(c.step().state());
            if (from.equals(to)) continue;
            boolean ambiguous = targets.get(from + "|" + c.input().label()).size() > 1;
            String label = c.input().label() + (ambiguous ? " [" + c.from().guard() + "]" : "");
            edges.add(new Mermaid.Edge(from, label, to));
        }
        edges.add(new Mermaid.Edge(finalPhase, "", "[*]"));
        return Mermaid.stateDiagram(edges);
    }
}
