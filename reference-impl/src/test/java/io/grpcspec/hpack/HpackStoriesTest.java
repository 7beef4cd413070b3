package io.grpcspec.hpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpcspec.hpack.story.Story;
import io.grpcspec.testing.Checks;
import io.grpcspec.testing.Root;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared hpack-test-case corpus: every encoded story decodes to its headers in order, and
 * every raw-data story survives our encoder and decoder, each story on one evolving context.
 * Written independently of {@code StoryVerifier} (which the CLI uses) so one checks the other.
 */
class HpackStoriesTest {

    private static Path corpus() {
        Path dir = Root.vectors().resolve("hpack-test-case");
        Assumptions.assumeTrue(Files.isDirectory(dir),
                "shared HPACK vectors not found at " + dir + ": story tests skipped");
        return dir;
    }

    private static List<Path> stories(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> list = new ArrayList<>(s.filter(p -> p.getFileName().toString().matches("story_\\d+\\.json")).sorted().toList());
            assertFalse(list.isEmpty(), "no stories in " + dir);
            return list;
        }
    }

    @TestFactory
    @Checks({"HP-10", "HP-11", "HP-12"})
    Stream<DynamicTest> encodedStoriesDecode() throws IOException {
        Path root = corpus();
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (dir.getFileName().toString().equals("raw-data")) continue;
                for (Path file : stories(dir)) {
                    tests.add(DynamicTest.dynamicTest(dir.getFileName() + "/" + file.getFileName(), () -> decodeStory(file)));
                }
            }
        }
        assertFalse(tests.isEmpty(), "no encoded stories under " + root);
        return tests.stream();
    }

    private static void decodeStory(Path file) throws Exception {
        Story story = Story.read(file);
        HpackDecoder decoder = new HpackDecoder();
        for (Story.Case c : story.cases()) {
            assertNotNull(c.wire(), "case " + c.seqno() + " has no wire");
            if (c.headerTableSize() != null) decoder.setMaxTableSize(c.headerTableSize().intValue());
            DecodeResult r = decoder.decode(c.wire());
            List<HeaderField> got = assertInstanceOf(DecodeResult.Fields.class, r, () -> "case " + c.seqno() + ": " + r).fields();
            assertEquals(c.headers(), got, "case " + c.seqno());
        }
    }

    @TestFactory
    @Checks({"HP-11", "HP-12"})
    Stream<DynamicTest> rawStoriesRoundTrip() throws IOException {
        Path raw = corpus().resolve("raw-data");
        Assumptions.assumeTrue(Files.isDirectory(raw), "no raw-data folder in " + raw.getParent());
        return stories(raw).stream().map(file -> DynamicTest.dynamicTest("raw-data/" + file.getFileName(), () -> {
            Story story = Story.read(file);
            HpackEncoder encoder = new HpackEncoder();
            HpackDecoder decoder = new HpackDecoder();
            long plain = 0;
            long encoded = 0;
            for (Story.Case c : story.cases()) {
                assertNull(c.wire(), "raw-data cases carry no wire");
                if (c.headerTableSize() != null) {
                    encoder.setMaxTableSize(c.headerTableSize());
                    decoder.setMaxTableSize(c.headerTableSize().intValue());
                }
                Bytes block = encoder.encode(c.headers());
                DecodeResult r = decoder.decode(block);
                assertEquals(new DecodeResult.Fields(c.headers()), r, "case " + c.seqno());
                encoded += block.length();
                for (HeaderField f : c.headers()) plain += f.name().length() + f.value().length() + 4;
            }
            // A sanity bound rather than a target: compression must at least pay for itself.
            assertFalse(encoded > plain, "encoded " + encoded + " octets for " + plain + " of plain text");
        }));
    }
}
