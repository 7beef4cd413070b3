package io.grpcspec.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class JvmHeapTest {

    @Test
    void theTotalLineGivesTheLiveBytes() throws IOException {
        String histogram = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         20000        1600000  [B (java.base@25)
                   2:          1000          24000  java.lang.String (java.base@25)
                Total         21000        1624000
                """;
        assertEquals(1_624_000, JvmHeap.histogramTotal(histogram));
        assertThrows(IOException.class, () -> JvmHeap.histogramTotal("12345:\nCould not attach\n"));
    }

    /** The serial collector's dead space (pinned to one CPU the JVM picks it) is not live heap. */
    @Test
    void fillerArraysOfTheCollectorAreNotCounted() throws IOException {
        String histogram = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:          1430       13201816  [Ljdk.internal.vm.FillerElement; (java.base@25.0.3)
                   2:         20000        1600000  [B (java.base@25)
                   3:            10            160  jdk.internal.vm.FillerArray (java.base@25)
                   4:          1000          24000  java.lang.String (java.base@25)
                Total         22440       14825976
                """;
        assertEquals(1_624_000, JvmHeap.histogramTotal(histogram));
    }

    @Test
    void jcmdMeasuresTheLiveHeapOfARunningJvm() throws IOException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Assumptions.assumeTrue(Files.isExecutable(jcmd), "no jcmd in " + jcmd.getParent() + ": skipped");
        byte[][] held = new byte[64][];
        for (int i = 0; i < held.length; i++) held[i] = new byte[64 * 1024];
        long live = JvmHeap.liveBytes(jcmd.toString(), ProcessHandle.current().pid());
        assertTrue(live > held.length * 64L * 1024, "live heap " + live + " below the 4 MiB this test holds");
        assertEquals(64, held.length);
    }
}
