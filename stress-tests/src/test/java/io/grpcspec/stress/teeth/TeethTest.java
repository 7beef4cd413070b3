package io.grpcspec.stress.teeth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The suite has teeth: for three of its tests, an unsafe variant of the code under test (kept
 * here, in test sources) runs under jcstress with the same outcome space, and jcstress must
 * report the FORBIDDEN outcome the test exists to catch, with samples. A test that could never
 * fail would pass here too, and this test would then fail. jcstress runs in its own JVM (it
 * forks more); a variant not caught in one run is given up to {@link #ATTEMPTS} runs, since
 * races are a matter of chance.
 */
class TeethTest {
    private static final int ATTEMPTS = 3;

    /** Unsafe variant → the forbidden outcome it must produce. */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("UnsafeSerialExecutorStress", "lost");
        EXPECTED.put("UnsafeSplitBlockStress", "interleaved");
        EXPECTED.put("UnsafeEncodeThenPutStress", "undecodable");
        EXPECTED.put("UnsafeWriterStopStress", "stranded");
    }

    @Test
    void jcstressReportsTheForbiddenOutcomeOfEveryUnsafeVariant() throws Exception {
        Map<String, String> missing = new LinkedHashMap<>(EXPECTED);
        StringBuilder log = new StringBuilder();
        for (int attempt = 1; attempt <= ATTEMPTS && !missing.isEmpty(); attempt++) {
            String output = runJcstress(List.copyOf(missing.keySet()), attempt);
            log.append("--- attempt ").append(attempt).append('\n').append(tail(output));
            for (String test : List.copyOf(missing.keySet())) {
                long samples = forbiddenSamples(output, test, missing.get(test));
                if (samples > 0) {
                    System.out.println("teeth: " + test + " caught: \"" + missing.get(test) + "\" seen " + samples
                            + " times (attempt " + attempt + ")");
                    missing.remove(test);
                }
            }
        }
        assertTrue(missing.isEmpty(), "jcstress did not catch " + missing.keySet() + "\n" + log);
    }

    private static String runJcstress(List<String> tests, int attempt) throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("grpcspec.teeth.dir", "target/jcstress-teeth"), "attempt-" + attempt);
        Files.createDirectories(dir);
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "org.openjdk.jcstress.Main",
                "-t", "io\\.grpcspec\\.stress\\.teeth\\.(" + String.join("|", tests) + ")",
                "-sc", "false", "-f", "1", "-iters", "1", "-time", "1000",
                "-jvmArgs", "-XX:+UnlockDiagnosticVMOptions -XX:-TieredCompilation",
                "-r", dir.resolve("report").toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("jcstress did not end");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("jcstress.log"), text);
        return text;
    }

    /**
     * Samples of {@code outcome} for {@code test}, when jcstress listed it among the observed
     * forbidden states ("TEST FAILURES" at the end of its output); 0 otherwise.
     */
    static long forbiddenSamples(String output, String test, String outcome) {
        String name = "io.grpcspec.stress.teeth." + test;
        if (!Pattern.compile("(?m)^" + Pattern.quote(name) + " \\[.*\\]: Observed forbidden state: " + Pattern.quote(outcome) + " \\(")
                .matcher(output).find()) {
            return 0;
        }
        int results = output.lastIndexOf("RUN RESULTS:");
        int at = results < 0 ? -1 : output.indexOf("[FAILED] " + name, results);
        if (at < 0) return 0;
        int end = output.indexOf("[FAILED]", at + 1);
        String section = end < 0 ? output.substring(at) : output.substring(at, end);
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(outcome) + "\\s+([\\d,]+)\\s+<?[\\d.]+%\\s+Forbidden").matcher(section);
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : 0;
    }

    private static String tail(String output) {
        int results = output.lastIndexOf("RUN RESULTS:");
        return results < 0 ? output.substring(Math.max(0, output.length() - 4000)) : output.substring(results);
    }
}
