package io.grpcspec.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What Linux's /proc says about a process: CPU time used (user + system, {@code /proc/PID/stat})
 * and resident memory ({@code VmRSS} in {@code /proc/PID/status}).
 */
public final class ProcessStats {
    private ProcessStats() {}

    private static volatile long ticksPerSecond;

    /** CPU time (user + system) the process has used so far, in microseconds. */
    public static long cpuMicros(long pid) throws IOException {
        return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) * 1_000_000L / ticksPerSecond();
    }

    /**
     * utime + stime, in clock ticks, from the text of {@code /proc/PID/stat}. The second field
     * (the command name, in parentheses) may itself hold spaces and parentheses, so fields are
     * counted from the last ')'.
     */
    static long cpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        // f[0] is field 3 (state); utime and stime are fields 14 and 15.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Resident set size in bytes. */
    public static long rssBytes(long pid) throws IOException {
        return rssBytes(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    }

    static long rssBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] f = line.substring(6).trim().split("\\s+");
                if (f.length == 2 && f[1].equals("kB")) return Long.parseLong(f[0]) * 1024;
            }
        }
        throw new IllegalArgumentException("no VmRSS line in the status text");
    }

    /** The kernel's clock ticks per second ({@code getconf CLK_TCK}; 100 if that cannot be asked). */
    static long ticksPerSecond() {
        long t = ticksPerSecond;
        if (t > 0) return t;
        t = 100;
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) t = Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            // keep 100, the value on every Linux this runs on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ticksPerSecond = t;
        return t;
    }
}
