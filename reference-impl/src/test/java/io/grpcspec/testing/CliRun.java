package io.grpcspec.testing;

import io.grpcspec.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the CLI in-process through {@link Main#run} with stdout and stderr captured (and stdin given). */
public record CliRun(int exit, String out, String err) {

    public static CliRun of(String... args) {
        return withStdin("", args);
    }

    /** As {@link #of}, with {@code stdin} as standard input. */
    public static synchronized CliRun withStdin(String stdin, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        java.io.InputStream in = System.in;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int exit = Main.run(args);
            return new CliRun(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
    }

    /** Standard output, line by line. */
    public List<String> lines() {
        return out.lines().toList();
    }

    /** Standard output without the final line break. */
    public String text() {
        return String.join("\n", lines());
    }
}
