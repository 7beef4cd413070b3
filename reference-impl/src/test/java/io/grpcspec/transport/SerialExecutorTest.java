package io.grpcspec.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The one task serialiser, in both of its modes: order, no overlap, every task run, failures
 * contained. The hand-off race of pool mode (a task queued as a drain stops) is jcstress's:
 * {@code stress-tests} SerialExecutorHandOffStress.
 */
class SerialExecutorTest {

    private static SerialExecutor strict() {
        return SerialExecutor.onCallingThread(t -> { throw new AssertionError("task failed", t); });
    }

    @Test
    void aTaskQueuedFromATaskRunsAfterIt() {
        SerialExecutor ex = strict();
        List<String> order = new ArrayList<>();
        ex.execute(() -> {
            order.add("outer start");
            assertTrue(ex.inContext());
            ex.execute(() -> order.add("inner"));
            order.add("outer end");
        });
        assertEquals(List.of("outer start", "outer end", "inner"), order);
        assertFalse(ex.inContext());
    }

    @Test
    void addedTasksWaitForRunPendingAndRunInOrder() {
        SerialExecutor ex = strict();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            ex.add(() -> order.add(n));
        }
        assertEquals(List.of(), order, "add alone runs nothing (the producer may hold a lock)");
        ex.runPending();
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }

    @Test
    void tasksFromManyThreadsNeverOverlapAndAllRun() throws Exception {
        SerialExecutor ex = strict();
        assertSerialUnderContention(ex, () -> { });
    }

    @Test
    void aFailingTaskIsReportedAndTheQueueGoesOn() {
        List<Throwable> failures = new ArrayList<>();
        SerialExecutor ex = SerialExecutor.onCallingThread(failures::add);
        boolean[] after = new boolean[1];
        ex.execute(() -> {
            ex.execute(() -> after[0] = true);
            throw new IllegalStateException("boom");
        });
        ex.execute(() -> { throw new AssertionError("an Error too"); });
        assertTrue(after[0]);
        assertEquals(2, failures.size());
        assertFalse(ex.inContext());
    }

    @Test
    void onAPoolTasksRunOnAPoolThreadNeverTheCallers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            SerialExecutor ex = SerialExecutor.onPool(pool, t -> { throw new AssertionError(t); });
            AtomicReference<Thread> ran = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            ex.execute(() -> {
                ran.set(Thread.currentThread());
                assertTrue(ex.inContext());
                done.countDown();
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertNotSame(Thread.currentThread(), ran.get());
            assertFalse(ex.inContext());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onAPoolTasksFromManyThreadsNeverOverlapAndNoneIsLost() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor ex = SerialExecutor.onPool(pool, t -> { throw new AssertionError(t); });
            assertSerialUnderContention(ex, Thread::yield);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPoolWithoutAThreadRejectsAndDropsTheQueue() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.shutdown();
        SerialExecutor ex = SerialExecutor.onPool(pool, t -> { throw new AssertionError(t); });
        boolean[] ran = new boolean[1];
        assertThrows(RejectedExecutionException.class, () -> ex.execute(() -> ran[0] = true));
        ExecutorService live = Executors.newSingleThreadExecutor();
        try {
            // The dropped task does not come back when the executor is used again.
            SerialExecutor again = SerialExecutor.onPool(live, t -> { throw new AssertionError(t); });
            CountDownLatch done = new CountDownLatch(1);
            again.execute(done::countDown);
            assertTrue(done.await(10, TimeUnit.SECONDS));
        } finally {
            live.shutdownNow();
        }
        assertFalse(ran[0]);
    }

    /** Four threads queue 2000 tasks each; every task runs exactly once, one at a time, each thread's in its order. */
    private static void assertSerialUnderContention(SerialExecutor ex, Runnable inTask) throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        int threads = 4;
        int each = 2000;
        List<List<Integer>> seen = new ArrayList<>();
        for (int t = 0; t < threads; t++) seen.add(Collections.synchronizedList(new ArrayList<>()));
        CountDownLatch allRan = new CountDownLatch(threads * each);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    int n = i;
                    ex.execute(() -> {
                        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        inTask.run();
                        seen.get(me).add(n);
                        inside.decrementAndGet();
                        allRan.countDown();
                    });
                }
            });
            th.start();
            ts.add(th);
        }
        go.countDown();
        for (Thread th : ts) th.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(allRan.await(30, TimeUnit.SECONDS), allRan.getCount() + " tasks never ran");
        assertEquals(1, maxInside.get(), "two tasks ran at once");
        for (List<Integer> s : seen) {
            assertEquals(each, s.size());
            for (int i = 0; i < each; i++) assertEquals((Integer) i, s.get(i), "a thread's tasks ran out of order");
        }
    }

    @Test
    void aPoolThatRunsOnTheSpotRunsTheQueueOnTheCallerOnceAndInOrder() {
        List<String> order = new ArrayList<>();
        AtomicInteger idle = new AtomicInteger();
        Thread caller = Thread.currentThread();
        SerialExecutor ex = SerialExecutor.onPool(Runnable::run, t -> { throw new AssertionError("task failed", t); },
                idle::incrementAndGet);
        ex.add(() -> {
            assertTrue(Thread.currentThread() == caller, "the direct pool runs the drain on the caller");
            order.add("first start");
            ex.add(() -> order.add("queued from the first"));
            ex.runPending(); // a drain is under way: the task is left to it, not run inside this one
            order.add("first end");
        });
        ex.add(() -> order.add("second"));
        assertEquals(List.of(), order, "add runs nothing");
        ex.runPending();
        assertEquals(List.of("first start", "first end", "second", "queued from the first"), order);
        assertEquals(1, idle.get(), "one drain, one idle report");
        assertTrue(ex.idle());
    }
}
