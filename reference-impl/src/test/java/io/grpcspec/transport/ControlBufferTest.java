package io.grpcspec.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ControlBufferTest {

    @Test
    void drainTakesEverythingInOrder() {
        ControlBuffer<String> b = new ControlBuffer<>(s -> false, 10);
        b.put("x");
        b.put("y");
        assertEquals(List.of("x", "y"), b.drainNow());
        assertEquals(0, b.size());
    }

    @Test
    void closedBufferRefusesPutsButKeepsWhatWasQueued() {
        AtomicInteger starts = new AtomicInteger();
        ControlBuffer<String> b = new ControlBuffer<>(s -> false, 10, starts::incrementAndGet);
        assertTrue(b.put("goaway"));
        b.close();
        assertFalse(b.put("late"));
        assertEquals(List.of("goaway"), b.drainOrStop());
        assertEquals(List.of(), b.drainOrStop());
        assertEquals(1, starts.get(), "a refused put starts no writer");
    }

    /** The writer runs only while there is something to write: one start per stretch of work, none while one runs. */
    @Test
    void aPutStartsAWriterOnlyWhenNoneRuns() {
        AtomicInteger starts = new AtomicInteger();
        ControlBuffer<String> b = new ControlBuffer<>(s -> false, 10, starts::incrementAndGet);
        assertFalse(b.writing());
        b.put("a");
        b.put("b");
        assertEquals(1, starts.get(), "the second put found the first one's writer running");
        assertTrue(b.writing());
        assertEquals(List.of("a", "b"), b.drainOrStop());
        b.put("c"); // the writer has not looked again yet: it is still running and takes this one
        assertEquals(1, starts.get());
        assertEquals(List.of("c"), b.drainOrStop());
        assertEquals(List.of(), b.drainOrStop(), "nothing queued: the writer stops");
        assertFalse(b.writing());
        b.put("d");
        assertEquals(2, starts.get(), "work after the stop starts the next writer");
        assertEquals(List.of("d"), b.drainOrStop());
    }

    /** The start runs under the buffer's lock, so it comes before any close that follows the put. */
    @Test
    void aWriterIsStartedBeforeTheCloseThatFollowsItsPut() {
        List<String> seen = new java.util.ArrayList<>();
        ControlBuffer<String>[] holder = new ControlBuffer[1];
        holder[0] = new ControlBuffer<>(s -> false, 10, () -> seen.add("start, closed=" + holder[0].isClosed()));
        holder[0].put("goaway");
        holder[0].close();
        assertEquals(List.of("start, closed=false"), seen);
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
