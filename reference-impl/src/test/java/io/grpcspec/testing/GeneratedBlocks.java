package io.grpcspec.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps generated parts of committed files (rule tables, Mermaid diagrams, state x event
 * snapshots) equal to what the code generates. A block sits between the lines
 * {@code <!-- BEGIN GENERATED: name -->} and {@code <!-- END GENERATED: name -->}.
 *
 * <p>Mermaid content (starting with {@code stateDiagram} or {@code flowchart}) is wrapped in
 * its fence by this class: write only the markers in the file.
 *
 * <p>The check fails when the committed block differs. Run the tests with
 * {@code -Dgrpcspec.regenerate=true} to rewrite the blocks, then review the diff like any
 * other change: that review is the point of the snapshot.
 */
public final class GeneratedBlocks {
    private GeneratedBlocks() {}

    public static boolean regenerating() {
        return Boolean.getBoolean("grpcspec.regenerate");
    }

    /** Asserts that block {@code name} of {@code file} (relative to the checkout) equals {@code content}. */
    public static void check(String file, String name, String content) {
        Path path = Root.project().resolve(file);
        String begin = "<!-- BEGIN GENERATED: " + name + " -->";
        String end = "<!-- END GENERATED: " + name + " -->";
        String want = content.endsWith("\n") ? content : content + "\n";
        // Mermaid goes inside its fence, with the markers outside it, so that the HTML comments
        // are not part of the diagram source (renderers would choke on them).
        if (want.startsWith("stateDiagram") || want.startsWith("flowchart")) want = "```mermaid\n" + want + "```\n";
        try {
            if (regenerating() && !Files.exists(path)) {
                Files.createDirectories(path.getParent());
                Files.writeString(path, begin + "\n" + end + "\n", StandardCharsets.UTF_8);
            }
            assertTrue(Files.exists(path), file + " is missing (run with -Dgrpcspec.regenerate=true to create it)");
            String text = Files.readString(path, StandardCharsets.UTF_8);
            int b = text.indexOf(begin);
            int e = text.indexOf(end);
            assertTrue(b >= 0 && e > b, file + " has no block '" + name + "': add the lines\n" + begin + "\n" + end);
            int from = b + begin.length() + 1;
            String have = text.substring(from, e);
            if (regenerating() && !have.equals(want)) {
                Files.writeString(path, text.substring(0, from) + want + text.substring(e), StandardCharsets.UTF_8);
                return;
            }
            assertEquals(want, have, "generated block '" + name + "' of " + file
                    + " is out of date: rerun with -Dgrpcspec.regenerate=true and review the diff");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
