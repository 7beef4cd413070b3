package io.grpcspec.cli;

import io.grpcspec.hpack.story.Story;
import io.grpcspec.hpack.story.StoryVerifier;
import io.grpcspec.spec.codec.HpackErrors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code grpcspec hpack verify PATH...}: runs hpack-test-case stories through our codec, one
 * line per story ({@code PASS}, {@code FAIL} with the first mismatch, or {@code INVALID} with why
 * the file is not a story), then a count. Exit 0 only when at least one story ran and all
 * passed; 1 when some failed or none was found; 2 for invalid input: a path that does not exist,
 * or a file that is not a story (each one line saying why).
 */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = {
                "Check hpack-test-case stories (story_*.json) against the reference HPACK codec.",
                "Stories with encoded blocks are decoded; stories without (raw-data) are encoded and decoded back.",
                "A directory holding no story_*.json is searched one level down (e.g. the whole corpus)."})
final class HpackVerifyCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "A story file, or a directory of story_*.json files.")
    List<Path> paths;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        List<Path> stories = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                System.err.println("hpack verify: no such file or directory: " + p);
                return 2;
            }
            if (Files.isDirectory(p)) {
                List<Path> found = storiesIn(p);
                if (found.isEmpty()) {
                    for (Path sub : sorted(p, Files::isDirectory)) found.addAll(storiesIn(sub));
                }
                stories.addAll(found);
            } else {
                stories.add(p);
            }
        }
        int passed = 0;
        int failed = 0;
        int invalid = 0;
        for (Path story : stories) {
            Story s;
            try {
                s = Story.read(story);
            } catch (IOException e) {
                invalid++;
                out.println("INVALID " + label(story) + ": cannot read: " + e.getMessage());
                continue;
            } catch (Story.FormatException e) {
                invalid++;
                out.println("INVALID " + label(story) + ": not a story: " + e.getMessage());
                continue;
            }
            Optional<String> mismatch = StoryVerifier.verify(s, HpackErrors::describe); // names the HP rule a failed block breaks
            if (mismatch.isEmpty()) {
                passed++;
                out.println("PASS " + label(story));
            } else {
                failed++;
                out.println("FAIL " + label(story) + ": " + mismatch.get());
            }
        }
        if (stories.isEmpty()) System.err.println("hpack verify: no story_*.json found");
        out.println(passed + " passed, " + failed + " failed" + (invalid == 0 ? "" : ", " + invalid + " invalid"));
        out.flush();
        if (invalid > 0) return 2;
        return failed == 0 && passed > 0 ? 0 : 1;
    }

    /** {@code dir/story_03.json}: the story's folder name and its file name. */
    static String label(Path story) {
        Path abs = story.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        String dir = parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "/";
        return dir + abs.getFileName();
    }

    private static List<Path> storiesIn(Path dir) throws IOException {
        return sorted(dir, p -> Files.isRegularFile(p) && p.getFileName().toString().matches("story_.*\\.json"));
    }

    private static List<Path> sorted(Path dir, DirectoryStream.Filter<Path> filter) throws IOException {
        List<Path> list = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, filter)) {
            ds.forEach(list::add);
        }
        list.sort(null);
        return list;
    }
}
