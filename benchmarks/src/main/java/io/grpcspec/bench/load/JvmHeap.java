package io.grpcspec.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The live heap of another JVM: {@code jcmd PID GC.class_histogram} runs a full GC first and then
 * lists every live object, ending with a {@code Total} line of instances and bytes.
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

    /** The byte count of the histogram's {@code Total} line. */
    static long histogramTotal(String histogram) throws IOException {
        String[] lines = histogram.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].trim();
            if (line.startsWith("Total")) {
                String[] f = line.split("\\s+");
                return Long.parseLong(f[f.length - 1]);
            }
        }
        throw new IOException("no Total line in the class histogram: " + tail(histogram));
    }

    private static String tail(String s) {
        return s.length() <= 400 ? s : "..." + s.substring(s.length() - 400);
    }
}
