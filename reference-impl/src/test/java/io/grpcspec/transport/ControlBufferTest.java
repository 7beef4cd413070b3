package io.grpcspec.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ControlBufferTest {

    @Test
    void drainTakesEverythingInOrder() throws Exception {
        ControlBuffer<String> b = new ControlBuffer<>(s -> false, 10);
        b.put("x");
        b.put("y");
        assertEquals(List.of("x", "y"), b.drain(0));
        assertEquals(0, b.size());
    }

    @Test
    void closedBufferRefusesPutsButKeepsWhatWasQueued() {
        ControlBuffer<String> b = new ControlBuffer<>(s -> false, 10);
        assertTrue(b.put("goaway"));
        b.close();
        assertFalse(b.put("late"));
        assertEquals(List.of("goaway"), b.drainNow());
    }

    @Test
    void drainWaitsForTheFirstItem() throws Exception {
        ControlBuffer<String> b = new ControlBuffer<>(s -> false, 10);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                return;
            }
            b.put("late");
        });
        t.start();
        assertEquals(List.of("late"), b.drain(TimeUnit.SECONDS.toNanos(10)));
        t.join();
    }

    @Test
    void readerIsThrottledWhileTooManyResponsesWait() throws Exception {
        ControlBuffer<String> b = new ControlBuffer<>(s -> s.startsWith("ack"), 2);
        b.put("ack1");
        b.put("ack2");
        assertTrue(b.awaitNotThrottled(0), "two responses are within the limit");
        b.put("ack3");
        assertFalse(b.awaitNotThrottled(TimeUnit.MILLISECONDS.toNanos(20)), "three responses exceed it");
        CountDownLatch released = new CountDownLatch(1);
        AtomicBoolean result = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try {
                result.set(b.awaitNotThrottled(TimeUnit.SECONDS.toNanos(10)));
            } catch (InterruptedException ignored) {
                // result stays false
            }
            released.countDown();
        });
        reader.start();
        assertEquals(3, b.drainNow().size());
        assertTrue(released.await(10, TimeUnit.SECONDS));
        assertTrue(result.get(), "draining the responses releases the reader");
    }
}
