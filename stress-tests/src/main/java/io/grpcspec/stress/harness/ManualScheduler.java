package io.grpcspec.stress.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timer thread of a connection, played by a test: tasks are booked with the due time the
 * {@link ManualClock} gives them, and run when an actor calls {@link #runDue()} — the very
 * {@code Runnable} the connection scheduled, so the real timer path (lock, driver, stale-firing
 * check) runs. A cancelled task does not run, as with a real scheduler; one already taken by
 * {@code runDue} runs anyway, as with a real scheduler whose thread already started it.
 *
 * <p>Every booking is counted per delay, so a test can see what the machine re-armed.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final ManualClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private final List<Long> booked = new ArrayList<>();
    private long sequence;

    public ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    /** Runs, in due order, every task due now and not cancelled; returns how many ran. */
    public int runDue() {
        List<Task> due = new ArrayList<>();
        synchronized (this) {
            long now = clock.getAsLong();
            for (var it = tasks.iterator(); it.hasNext(); ) {
                Task t = it.next();
                if (t.cancelled) {
                    it.remove();
                } else if (t.due <= now) {
                    due.add(t);
                    it.remove();
                }
            }
        }
        due.sort(Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.seq));
        for (Task t : due) {
            t.done = true;
            t.body.run();
        }
        return due.size();
    }

    /** How many tasks were booked with exactly this delay so far. */
    public synchronized int bookedWithDelay(long delayNanos) {
        int n = 0;
        for (long d : booked) if (d == delayNanos) n++;
        return n;
    }

    /** Tasks booked, not cancelled and not yet run. */
    public synchronized int pending() {
        int n = 0;
        for (Task t : tasks) if (!t.cancelled) n++;
        return n;
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        long nanos = unit.toNanos(delay);
        booked.add(nanos);
        Task t = new Task(command, clock.getAsLong() + nanos, sequence++);
        tasks.add(t);
        return t;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("connections schedule Runnables only");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("connections book one-shot timers only");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("connections book one-shot timers only");
    }

    @Override
    public void execute(Runnable command) {
        throw new UnsupportedOperationException("connections book timers only");
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }

    private final class Task implements ScheduledFuture<Object> {
        final Runnable body;
        final long due;
        final long seq;
        volatile boolean cancelled;
        volatile boolean done;

        Task(Runnable body, long due, long seq) {
            this.body = body;
            this.due = due;
            this.seq = seq;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - clock.getAsLong(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done) return false;
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }
    }
}
