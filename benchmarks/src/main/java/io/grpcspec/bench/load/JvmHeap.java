package io.grpcspec.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The live heap of another JVM: {@code jcmd PID GC.class_histogram} runs a full GC first and then
 * lists every object it finds, ending with a {@code Total} line of instances and bytes. Not all of
 * them are live: the serial collector (the JVM's choice on one CPU, so every server pinned with
 * {@code taskset -c 0}) leaves up to {@code MarkSweepDeadRatio} (5%) of its old generation as dead
 * space after a full GC rather than compacting it, and fills it with arrays of
 * {@code jdk.internal.vm.FillerElement}, which the histogram lists like any object. They are not
 * counted here.
 */
public final class JvmHeap {
    private JvmHeap() {}

    /**
     * Live heap bytes of {@code pid}, through {@code jcmd} (which must come from a JDK that can
     * attach to it). jcmd's output goes to a file, not a pipe: while the target runs the histogram
     * its Java threads are stopped, so when the target is this JVM nothing could drain a pipe, and
     * a histogram longer than the pipe's buffer would never finish.
     */
    public static long liveBytes(String jcmd, long pid) throws IOException {
        Path out = Files.createTempFile("grpcspec-bench-histogram-", ".txt");
        try {
            Process p = new ProcessBuilder(List.of(jcmd, Long.toString(pid), "GC.class_histogram"))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("jcmd " + pid + " GC.class_histogram did not finish in 120 s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for jcmd", e);
            }
            String text = Files.readString(out);
            if (p.exitValue() != 0) throw new IOException("jcmd " + pid + " GC.class_histogram failed: " + tail(text));
            return histogramTotal(text);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The byte count of the histogram's {@code Total} line, less the collector's filler arrays (dead space, see above). */
    static long histogramTotal(String histogram) throws IOException {
        String[] lines = histogram.split("\n");
        long fillers = 0;
        for (String raw : lines) { // the Total line comes last
            String line = raw.trim();
            String[] f = line.split("\\s+");
            if (line.startsWith("Total")) return Long.parseLong(f[f.length - 1]) - fillers;
            if (f.length >= 4 && f[0].endsWith(":") && isFiller(f[3])) fillers += Long.parseLong(f[2]);
        }
        throw new IOException("no Total line in the class histogram: " + tail(histogram));
    }

    /** The JDK's filler classes ({@code jdk.internal.vm.FillerArray}, arrays of {@code FillerElement}). */
    private static boolean isFiller(String className) {
        return className.startsWith("jdk.internal.vm.Filler") || className.startsWith("[Ljdk.internal.vm.Filler");
    }

    private static String tail(String s) {
        return s.length() <= 400 ? s : "..." + s.substring(s.length() - 400);
    }
}
