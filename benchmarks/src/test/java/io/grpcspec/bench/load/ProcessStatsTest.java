package io.grpcspec.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void cpuTicksAreUtimePlusStimeCountedFromTheLastParenthesis() {
        // A command name with a space and a parenthesis must not shift the fields.
        String stat = "4242 (my (odd) java) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 30 0 100 0";
        assertEquals(1234 + 567, ProcessStats.cpuTicks(stat));
        assertThrows(IllegalArgumentException.class, () -> ProcessStats.cpuTicks("no parentheses here"));
    }

    @Test
    void rssComesFromTheVmRssLine() {
        String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  123456 kB\nThreads:\t30\n";
        assertEquals(123456L * 1024, ProcessStats.rssBytes(status));
        assertThrows(IllegalArgumentException.class, () -> ProcessStats.rssBytes("Name:\tjava\n"));
    }

    @Test
    void thisProcessHasUsedCpuAndHoldsMemory() throws IOException {
        long pid = ProcessHandle.current().pid();
        long before = ProcessStats.cpuMicros(pid);
        long spin = System.nanoTime() + 200_000_000L;
        long x = 0;
        while (System.nanoTime() < spin) x += Long.numberOfTrailingZeros(x + System.nanoTime());
        assertTrue(ProcessStats.cpuMicros(pid) > before, "200 ms of spinning (" + x + ") used no CPU time?");
        assertTrue(ProcessStats.rssBytes(pid) > 10L << 20, "a JVM holds more than 10 MiB");
    }
}
