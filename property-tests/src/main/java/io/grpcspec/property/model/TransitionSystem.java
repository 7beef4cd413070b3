package io.grpcspec.property.model;

import java.util.List;

/**
 * A finite system for the {@link Explorer}: initial states, the transitions out of a state,
 * and the checks every reachable state must pass. Implementations are pure: the same state
 * always yields the same transitions in the same order, so a counterexample replays.
 *
 * @param <S> states; compared with {@code equals}/{@code hashCode} for the visited set
 */
public interface TransitionSystem<S> {

    /**
     * One transition: what happened and where it leads. {@code label} is rendered with
     * {@code toString} only when a counterexample is printed, so it may be any cheap value.
     */
    record Edge<S>(Object label, S target) {}

    /** The states exploration starts from. */
    List<S> initial();

    /**
     * Every transition enabled in {@code state}. A transition whose own execution breaks a rule
     * (a conforming peer reported a {@code Violation}) is reported by throwing
     * {@link Broken}; the explorer records it as a violation with the path that led here.
     */
    List<Edge<S>> successors(S state) throws Broken;

    /** Null when {@code state} satisfies every invariant, else what is wrong with it. */
    String invariant(S state);

    /**
     * Called for a state without successors: null when it is a proper end (everything done, or
     * the connection closed), else why it is a deadlock (work remains yet nothing can move).
     */
    String deadlock(S state);

    /**
     * The visited-set key of {@code state}: the state itself by default; a system may wrap it to
     * hash faster, as long as equal states give equal keys and different states different keys.
     */
    default Object key(S state) {
        return state;
    }

    /** A one-line description of a state for counterexample traces. */
    default String describe(S state) {
        return String.valueOf(state);
    }

    /**
     * A system whose states pack into a short row of ints, equal rows for equal states and
     * different rows for different ones. The {@link Explorer} then keeps the rows (in one flat
     * array) as its visited set instead of the states: exact, and far smaller and faster than
     * a set of objects.
     */
    interface Packed<S> {
        /** An upper bound of the row {@link #pack} writes for {@code state}. */
        int packedLength(S state);

        /** Writes the row of {@code state} into {@code buf} and returns its length. */
        int pack(S state, int[] buf);
    }

    /** A transition broke a rule; {@code label} names it, {@code problem} says what broke. */
    final class Broken extends Exception {
        private final String label;

        public Broken(String label, String problem) {
            super(problem, null, false, false);
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
