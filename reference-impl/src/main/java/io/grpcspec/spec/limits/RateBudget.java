package io.grpcspec.spec.limits;

/**
 * "At most {@code max} events per {@code windowNanos}", counted the way Netty's and grpc-java's
 * RST_STREAM limits count: a window opens at the first event after the previous one ended, and
 * the event that would be number {@code max + 1} inside it is over budget. A fixed window, not a
 * sliding one: a peer can place up to {@code 2 * max} events around a window boundary, which
 * still bounds the rate to twice the budget. {@code max <= 0} turns the budget off.
 */
public record RateBudget(int max, long windowNanos) {

    /** No budget: every event is allowed. */
    public static final RateBudget OFF = new RateBudget(0, 1);

    public RateBudget {
        if (windowNanos <= 0) throw new IllegalArgumentException("window must be positive: " + windowNanos);
    }

    public boolean off() {
        return max <= 0;
    }

    /** The state of one budget: when its current window opened and how many events it has seen. */
    public record Window(long openedNanos, int count) {
        public static final Window EMPTY = new Window(0, 0);
    }

    /**
     * Books one event at {@code now}: the window after it, or null when the event is over
     * budget (the window is left as it was).
     */
    public Window charge(Window w, long now) {
        if (off()) return w;
        if (w.count() == 0 || now - w.openedNanos() >= windowNanos) return new Window(now, 1);
        if (w.count() >= max) return null;
        return new Window(w.openedNanos(), w.count() + 1);
    }

    @Override
    public String toString() {
        return off() ? "off" : max + " per " + io.grpcspec.spec.keepalive.Durations.format(windowNanos);
    }
}
