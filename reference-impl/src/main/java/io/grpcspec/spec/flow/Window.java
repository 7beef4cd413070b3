package io.grpcspec.spec.flow;

/**
 * One HTTP/2 flow-control window, RFC 9113 §6.9.1: a signed 31-bit credit.
 *
 * <p>The window may be negative: a lower SETTINGS_INITIAL_WINDOW_SIZE shifts open windows down by
 * the delta (§6.9.2) and the sender then waits for WINDOW_UPDATE. It must never pass
 * 2^31−1, so every increase is checked: {@link #canChangeBy} says whether a change fits, and
 * {@link #changedBy} refuses (with an exception, a programming error) a change nobody checked.
 * The machines turn a failed check into a FLOW_CONTROL_ERROR violation; nothing wraps silently.
 */
public record Window(int size) {

    /** 2^31−1, the largest window (RFC 9113 §6.9.1). */
    public static final int MAX = Integer.MAX_VALUE;

    /** The lowest value a window may reach; symmetric with {@link #MAX}. */
    public static final int MIN = -MAX;

    /** Initial window of every stream and of the connection unless changed (RFC 9113 §6.5.2, §6.9.2). */
    public static final int DEFAULT_INITIAL = 65_535;

    public static final Window DEFAULT = new Window(DEFAULT_INITIAL);

    public Window {
        if (size < MIN) throw new IllegalArgumentException("window below " + MIN + ": " + size);
    }

    public static Window of(int size) {
        return new Window(size);
    }

    /** True when {@code size + delta} stays within [{@link #MIN}, {@link #MAX}]. */
    public boolean canChangeBy(long delta) {
        long result = (long) size + delta;
        return result <= MAX && result >= MIN;
    }

    /** The window moved by {@code delta}; callers check {@link #canChangeBy} first. */
    public Window changedBy(long delta) {
        if (!canChangeBy(delta)) {
            throw new ArithmeticException("window " + size + " cannot change by " + delta);
        }
        return new Window((int) (size + delta));
    }

    /** Bytes that may be sent now: the window when positive, else 0. */
    public int available() {
        return Math.max(0, size);
    }

    @Override
    public String toString() {
        return Integer.toString(size);
    }
}
