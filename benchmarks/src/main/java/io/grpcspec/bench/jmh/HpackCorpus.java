package io.grpcspec.bench.jmh;

import io.grpcspec.hpack.story.Story;
import io.grpcspec.wire.HeaderField;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One folder of the hpack-test-case corpus in memory, laid out for a benchmark loop: per story,
 * its cases in order (each story is one compression context, so a story is decoded or encoded
 * from a fresh HPACK state, case after case).
 *
 * @param folder  the folder's name ({@code nghttp2}, {@code raw-data}, ...)
 * @param stories the stories, in file-name order
 */
public record HpackCorpus(String folder, List<StoryData> stories) {

    /**
     * One case: the table size acknowledged just before it ({@code -1}: none), the encoded block
     * ({@code null} in {@code raw-data}) and the header list it stands for.
     */
    public record CaseData(long tableSize, byte[] wire, List<HeaderField> headers) {}

    /** One story's cases, in order. */
    public record StoryData(String name, List<CaseData> cases) {}

    public HpackCorpus {
        stories = List.copyOf(stories);
    }

    /** Reads {@code folder} of the corpus (see {@link Checkout#hpackCorpus()}). */
    public static HpackCorpus load(String folder) {
        return load(folder, Integer.MAX_VALUE);
    }

    /** Reads the first {@code maxStories} stories of {@code folder} (a quick check needs no more). */
    public static HpackCorpus load(String folder, int maxStories) {
        Path dir = Checkout.hpackCorpus().resolve(folder);
        if (!Files.isDirectory(dir)) {
            throw new Checkout.MissingCorpusException("no folder " + folder + " in the HPACK corpus at " + dir.getParent());
        }
        List<StoryData> stories = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().matches("story_\\d+\\.json")).sorted().limit(maxStories).toList()) {
                Story story = Story.read(file);
                List<CaseData> cases = new ArrayList<>();
                for (Story.Case c : story.cases()) {
                    cases.add(new CaseData(c.headerTableSize() == null ? -1 : c.headerTableSize(),
                            c.wire() == null ? null : c.wire().toByteArray(), c.headers()));
                }
                stories.add(new StoryData(file.getFileName().toString(), cases));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Story.FormatException e) {
            throw new IllegalStateException(dir + ": " + e.getMessage(), e);
        }
        if (stories.isEmpty()) throw new Checkout.MissingCorpusException("no story_NN.json files in " + dir);
        return new HpackCorpus(folder, stories);
    }

    /** Header blocks in the folder. */
    public int blocks() {
        return stories.stream().mapToInt(s -> s.cases().size()).sum();
    }

    /** Header fields over all blocks. */
    public long fields() {
        return stories.stream().flatMap(s -> s.cases().stream()).mapToLong(c -> c.headers().size()).sum();
    }

    /** Encoded bytes over all blocks (0 for raw-data). */
    public long wireBytes() {
        return stories.stream().flatMap(s -> s.cases().stream()).mapToLong(c -> c.wire() == null ? 0 : c.wire().length).sum();
    }
}
