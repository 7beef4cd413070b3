package io.grpcspec.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * JMH's annotation processor ran: the generated benchmark list names every benchmark class. On
 * JDK 23+ a processor that is only on the class path is silently ignored and the jar holds no
 * benchmark at all; this fails the build instead.
 */
class BenchmarkListTest {

    @Test
    void everyBenchmarkClassIsInTheGeneratedList() throws IOException {
        Set<String> classes = new TreeSet<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
            assertNotNull(in, "no META-INF/BenchmarkList: JMH's annotation processor did not run");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split(" ");
                if (f.length > 3 && f[0].equals("JMH")) classes.add(f[3].substring(f[3].lastIndexOf('.') + 1));
            }
        }
        assertEquals(Set.of("ConversationBenchmark", "DriverStepBenchmark", "FrameCodecBenchmark", "HpackBenchmark",
                "ModelCheckBenchmark"), classes);
    }
}
