package io.grpcspec.property.engine;

/**
 * The current test case as a property body sees it: a {@link Source} to draw further values
 * from, plus statistics and a trace. Statistics are collected from the generated cases only
 * (never from shrinking replays) and printed in the property's summary line; the trace
 * ({@link #note}) is shown, one entry per line, for the shrunk failing case.
 */
public sealed interface Context extends Source permits TestCase {

    /** Counts this case under {@code label} (at most once per case), e.g. "empty", "GOAWAY sent". */
    void label(String label);

    /** {@code label(label)} when {@code condition} holds. */
    void classify(boolean condition, String label);

    /**
     * Adds one to the counter {@code key} (every call counts), e.g. a rule ID each time a
     * transition enforced it, to show how often each rule was exercised.
     */
    void count(String key);

    /** {@code count(rule.id())}: one more exercise of a catalogue rule. */
    default void count(io.grpcspec.spec.Rule rule) {
        count(rule.id());
    }

    /** Adds {@code n} to the counter {@code key}. */
    void count(String key, long n);

    /**
     * Appends one line to the case's trace, e.g. one frame sent or received. The trace is only
     * shown for the shrunk failing case, so only that case's replay keeps it: elsewhere the call
     * returns at once and {@code line}'s {@code toString} is never called. Pass the value itself
     * (a frame, a move) rather than a string built for the note.
     */
    void note(Object line);
}
