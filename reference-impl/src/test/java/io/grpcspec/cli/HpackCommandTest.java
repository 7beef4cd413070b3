package io.grpcspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.testing.CliRun;
import io.grpcspec.testing.Checks;
import io.grpcspec.testing.Root;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grpcspec hpack verify}, run through {@link Main#run} with System.out captured. */
class HpackCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void everySharedStoryPasses() throws IOException {
        Path corpus = Root.vectors().resolve("hpack-test-case");
        Assumptions.assumeTrue(Files.isDirectory(corpus), "shared HPACK vectors not found at " + corpus);
        long files;
        try (Stream<Path> s = Files.walk(corpus, 2)) {
            files = s.filter(p -> p.getFileName().toString().matches("story_.*\\.json")).count();
        }
        CliRun r = run("hpack", "verify", corpus.toString()); // no stories at the top: one level down
        assertEquals(files + " passed, 0 failed", r.lines().get(r.lines().size() - 1));
        assertEquals(files + 1, r.lines().size());
        assertTrue(r.lines().contains("PASS nghttp2-change-table-size/story_00.json"), r.lines()::toString);
        assertTrue(r.lines().contains("PASS raw-data/story_31.json"), r.lines()::toString);
        assertEquals(0, r.exit());

        CliRun one = run("hpack", "verify", corpus.resolve("nghttp2/story_03.json").toString());
        assertEquals(List.of("PASS nghttp2/story_03.json", "1 passed, 0 failed"), one.lines());
        assertEquals(0, one.exit());
    }

    @Test
    @Checks({"HP-1"})
    void brokenStoriesFailWithTheFirstMismatch(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("stories"));
        String yahoo = "{\"cases\": [{\"seqno\": 0, \"wire\": \"82864188f439ce75c875fa5784\", \"headers\": ["
                + "{\":method\": \"GET\"}, {\":scheme\": \"http\"}, {\":authority\": \"%s\"}, {\":path\": \"/\"}]}]}";
        Files.writeString(dir.resolve("story_00.json"), yahoo.formatted("yahoo.co.jp"));
        Files.writeString(dir.resolve("story_01.json"), yahoo.formatted("yahoo.co.uk"));
        Files.writeString(dir.resolve("story_02.json"),
                "{\"cases\": [{\"seqno\": 0, \"headers\": [{\"x\": \"y\"}]}, {\"seqno\": 1, \"headers\": [{\"x\": \"y\"}]}]}");
        Files.writeString(dir.resolve("story_03.json"), "{\"cases\": [{\"seqno\": 0, \"wire\": \"8280\", \"headers\": []}]}");
        Files.writeString(dir.resolve("story_04.json"), "{\"cases\": [");
        Files.writeString(dir.resolve("notes.txt"), "not a story");

        CliRun r = run("hpack", "verify", dir.toString());
        assertEquals(List.of(
                "PASS stories/story_00.json",
                "FAIL stories/story_01.json: case 0 header 2: expected \":authority: yahoo.co.uk\", got \":authority: yahoo.co.jp\"",
                "PASS stories/story_02.json",
                "FAIL stories/story_03.json: case 0: COMPRESSION_ERROR HP-1 at offset 1: indexed header field with index 0",
                "INVALID stories/story_04.json: not a story: not JSON: unexpected end of input at offset 11",
                "2 passed, 2 failed, 1 invalid"), r.lines());
        assertEquals(2, r.exit(), "a file that is not a story is invalid input");
    }

    @Test
    void missingPathsAndEmptyFoldersAreErrors(@TempDir Path tmp) {
        CliRun missing = run("hpack", "verify", tmp.resolve("nope").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file or directory"), missing::err);

        CliRun empty = run("hpack", "verify", tmp.toString());
        assertEquals(List.of("0 passed, 0 failed"), empty.lines());
        assertEquals(1, empty.exit());

        assertEquals(2, run("hpack").exit());
        assertEquals(2, run("hpack", "verify").exit());
    }
}
