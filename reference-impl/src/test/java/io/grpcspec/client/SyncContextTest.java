package io.grpcspec.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SyncContextTest {

    @Test
    void aTaskSubmittedFromATaskRunsAfterIt() {
        SyncContext ctx = new SyncContext(e -> { throw e; });
        List<String> order = new ArrayList<>();
        ctx.execute(() -> {
            order.add("outer start");
            ctx.execute(() -> order.add("inner"));
            order.add("outer end");
        });
        assertEquals(List.of("outer start", "outer end", "inner"), order);
    }

    @Test
    void tasksFromManyThreadsNeverOverlap() throws Exception {
        SyncContext ctx = new SyncContext(e -> { throw e; });
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        int threads = 4;
        int each = 2000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    ctx.execute(() -> {
                        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        ran.incrementAndGet();
                        inside.decrementAndGet();
                    });
                }
            });
            th.start();
            ts.add(th);
        }
        go.countDown();
        for (Thread th : ts) th.join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(threads * each, ran.get());
        assertEquals(1, maxInside.get());
    }

    @Test
    void aFailingTaskDoesNotStopTheOthers() {
        List<RuntimeException> failures = new ArrayList<>();
        SyncContext ctx = new SyncContext(failures::add);
        boolean[] after = new boolean[1];
        ctx.execute(() -> {
            ctx.execute(() -> after[0] = true);
            throw new IllegalStateException("boom");
        });
        assertTrue(after[0]);
        assertEquals(1, failures.size());
        assertFalse(ctx.inContext());
    }
}
