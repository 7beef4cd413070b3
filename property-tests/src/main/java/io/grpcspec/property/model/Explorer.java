package io.grpcspec.property.model;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Breadth-first exhaustive exploration of a {@link TransitionSystem} with a visited set.
 *
 * <p>Each new state gets a dense number; the explorer keeps, per number, the parent's number
 * and the label of the transition that first reached it. Because states are numbered in
 * breadth-first order, the first time a check fails the parent chain is a shortest path to the
 * failure, and it is printed as the counterexample.
 *
 * <p>The visited set is a {@link PackedSet} of int rows when the system packs its states
 * ({@link TransitionSystem.Packed}: exact, no object per state), else a map of
 * {@link TransitionSystem#key}s. States are kept only until they are expanded.
 *
 * <p>Checks: {@link TransitionSystem#invariant} on every state when first reached; every
 * transition's own rule checks (a {@link TransitionSystem.Broken} from {@code successors});
 * {@link TransitionSystem#deadlock} on states without successors.
 */
public final class Explorer<S> {

    private final TransitionSystem<S> system;
    private final String bound;
    private long maxStates = Long.MAX_VALUE;
    private int maxViolations = 1;
    private PrintStream progress;
    private long progressEveryNanos = 5_000_000_000L;
    private EdgeListener listener;

    /** Sees every transition explored, with the dense state numbers of both ends (0 = first initial state). */
    @FunctionalInterface
    public interface EdgeListener {
        void edge(int from, Object label, int to);
    }

    /** Reports every transition to {@code l} (to draw the explored graph of a small bound). */
    public Explorer<S> edges(EdgeListener l) {
        this.listener = l;
        return this;
    }

    public Explorer(TransitionSystem<S> system, String bound) {
        this.system = system;
        this.bound = bound;
    }

    /** Stops (incomplete) after this many distinct states. */
    public Explorer<S> maxStates(long max) {
        this.maxStates = max;
        return this;
    }

    /** Stops after this many violations (default 1: the shortest one). */
    public Explorer<S> maxViolations(int max) {
        this.maxViolations = max;
        return this;
    }

    /** Prints a progress line to {@code out} every {@code seconds} (null: quiet). */
    public Explorer<S> progress(PrintStream out, double seconds) {
        this.progress = out;
        this.progressEveryNanos = (long) (seconds * 1e9);
        return this;
    }

    public ExplorationResult run() {
        long started = System.nanoTime();
        long nextProgress = started + progressEveryNanos;
        Visited<S> ids = visited();
        List<S> states = new ArrayList<>(1 << 16);
        IntList parent = new IntList();
        List<Object> via = new ArrayList<>(1 << 16);
        IntList depthOf = new IntList();
        List<Counterexample> found = new ArrayList<>();
        long transitions = 0;
        int depth = 0;
        boolean complete = true;

        for (S s : system.initial()) {
            if (ids.add(s, states.size()) == null) {
                states.add(s);
                parent.add(-1);
                via.add(null);
                depthOf.add(0);
                String bad = system.invariant(s);
                if (bad != null) found.add(counterexample("invariant", bad, states.size() - 1, null, states, parent, via));
            }
        }
        search:
        for (int at = 0; at < states.size() && found.size() < maxViolations; at++) {
            S s = states.get(at);
            states.set(at, null); // expanded states are only needed as visited-set keys
            int d = depthOf.get(at);
            depth = Math.max(depth, d);
            List<TransitionSystem.Edge<S>> edges;
            try {
                edges = system.successors(s);
            } catch (TransitionSystem.Broken b) {
                found.add(counterexample("violation", b.getMessage(), at, b.label(), null, parent, via, s));
                continue;
            }
            if (edges.isEmpty()) {
                String stuck = system.deadlock(s);
                if (stuck != null) found.add(counterexample("deadlock", stuck, at, null, null, parent, via, s));
            }
            for (TransitionSystem.Edge<S> e : edges) {
                transitions++;
                Integer known = ids.add(e.target(), states.size());
                if (listener != null) listener.edge(at, e.label(), known != null ? known : states.size());
                if (known != null) continue;
                int id = states.size();
                states.add(e.target());
                parent.add(at);
                via.add(e.label());
                depthOf.add(d + 1);
                String bad = system.invariant(e.target());
                if (bad != null) {
                    found.add(counterexample("invariant", bad, id, null, null, parent, via, e.target()));
                    if (found.size() >= maxViolations) break search;
                }
                if (states.size() >= maxStates) {
                    complete = false;
                    break search;
                }
            }
            if (progress != null && System.nanoTime() > nextProgress) {
                nextProgress = System.nanoTime() + progressEveryNanos;
                double secs = (System.nanoTime() - started) / 1e9;
                progress.printf(java.util.Locale.ROOT,
                        "model-check progress: bound=%s states=%d transitions=%d depth=%d queue=%d seconds=%.0f%n",
                        bound, states.size(), transitions, d, states.size() - at, secs);
            }
        }
        if (!found.isEmpty()) complete = false;
        double seconds = (System.nanoTime() - started) / 1e9;
        return new ExplorationResult(bound, states.size(), transitions, depth, seconds, complete, found);
    }

    /** The visited set: numbers of the states seen so far. */
    private interface Visited<S> {
        /** The number {@code s} already has, or null after giving it {@code next}. */
        Integer add(S s, int next);
    }

    @SuppressWarnings("unchecked")
    private Visited<S> visited() {
        if (system instanceof TransitionSystem.Packed<?> p) {
            TransitionSystem.Packed<S> packed = (TransitionSystem.Packed<S>) p;
            PackedSet set = new PackedSet();
            return new Visited<>() {
                private int[] buf = new int[64];

                @Override
                public Integer add(S s, int next) {
                    int max = packed.packedLength(s);
                    if (max > buf.length) buf = new int[max * 2];
                    int len = packed.pack(s, buf);
                    int id = set.addIfAbsent(buf, len);
                    return id == next ? null : id;
                }
            };
        }
        Map<Object, Integer> map = new HashMap<>(1 << 16);
        return (s, next) -> map.putIfAbsent(system.key(s), next);
    }

    private Counterexample counterexample(String kind, String problem, int id, String lastLabel, List<S> states,
                                          IntList parent, List<Object> via) {
        return counterexample(kind, problem, id, lastLabel, states, parent, via, states.get(id));
    }

    private Counterexample counterexample(String kind, String problem, int id, String lastLabel, List<S> unused,
                                          IntList parent, List<Object> via, S last) {
        List<String> steps = new ArrayList<>();
        for (int at = id; parent.get(at) >= 0; at = parent.get(at)) steps.add(String.valueOf(via.get(at)));
        java.util.Collections.reverse(steps);
        if (lastLabel != null) steps.add(lastLabel);
        return new Counterexample(kind, problem, steps, system.describe(last));
    }

    /** A growable int array (no boxing for the per-state bookkeeping). */
    private static final class IntList {
        private int[] a = new int[1 << 16];
        private int n;

        void add(int v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        int get(int i) {
            return a[i];
        }
    }
}
