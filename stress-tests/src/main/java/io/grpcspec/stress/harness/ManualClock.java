package io.grpcspec.stress.harness;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A clock that moves only when told. A connection reads it once per event under its lock; a test
 * sets the time before the actors run, so which timers are due, and what the keepalive machines
 * compare, does not depend on how fast the machine happens to be.
 */
public final class ManualClock implements LongSupplier {
    /** Far from zero and from overflow, like a real {@code nanoTime}. */
    public static final long START = TimeUnit.HOURS.toNanos(1);

    private volatile long now = START;

    @Override
    public long getAsLong() {
        return now;
    }

    public void advance(long nanos) {
        now += nanos;
    }

    public void set(long nanos) {
        now = nanos;
    }
}
