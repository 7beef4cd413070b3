package io.grpcspec.hpack.story;

import io.grpcspec.hpack.DecodeResult;
import io.grpcspec.hpack.HpackDecoder;
import io.grpcspec.hpack.HpackEncoder;
import io.grpcspec.hpack.HpackError;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a story against our codec and names the first mismatch.
 *
 * <p>A story with encoded blocks is decoded case by case through one decoder. A story without
 * any ({@code raw-data}) is encoded by one encoder and decoded again by one decoder, so both
 * dynamic tables evolve over the whole story as on a real connection. Either way
 * {@code header_table_size} is applied before its case, to both ends.
 */
public final class StoryVerifier {
    private StoryVerifier() {}

    /** {@link #verify(Story, Function)} naming a decode failure by its kind. */
    public static Optional<String> verify(Story story) {
        return verify(story, HpackError::toString);
    }

    /**
     * Empty when the story passes, else e.g. {@code case 4 header 2: expected "x: y", got "x: z"};
     * a block that fails to decode is named by {@code describe} (the CLI names the rule it breaks).
     */
    public static Optional<String> verify(Story story, Function<HpackError, String> describe) {
        if (story.cases().isEmpty()) return Optional.of("story has no cases");
        boolean anyWire = story.cases().stream().anyMatch(c -> c.wire() != null);
        HpackDecoder decoder = new HpackDecoder();
        HpackEncoder encoder = anyWire ? null : new HpackEncoder();
        for (Story.Case c : story.cases()) {
            String where = "case " + c.seqno();
            if (c.headerTableSize() != null) {
                // A limit beyond int range cannot be reached by a real table anyway.
                decoder.setMaxTableSize((int) Math.min(c.headerTableSize(), Integer.MAX_VALUE));
                if (encoder != null) encoder.setMaxTableSize(c.headerTableSize());
            }
            Bytes block;
            if (encoder != null) {
                block = encoder.encode(c.headers());
            } else if (c.wire() == null) {
                return Optional.of(where + ": no wire, while other cases of the story have one");
            } else {
                block = c.wire();
            }
            DecodeResult result = decoder.decode(block);
            if (result instanceof DecodeResult.Failed f) {
                return Optional.of(where + ": " + describe.apply(f.error()) + (encoder != null ? " (our own encoding " + block + ")" : ""));
            }
            if (result instanceof DecodeResult.ListTooLarge t) return Optional.of(where + ": " + t.detail());
            List<HeaderField> got = ((DecodeResult.Fields) result).fields();
            Optional<String> mismatch = compare(where, c.headers(), got);
            if (mismatch.isPresent()) return mismatch;
        }
        return Optional.empty();
    }

    /** First difference of two header lists by name and value (headers are counted from 0). */
    public static Optional<String> compare(String where, List<HeaderField> expected, List<HeaderField> got) {
        int n = Math.max(expected.size(), got.size());
        for (int i = 0; i < n; i++) {
            HeaderField e = i < expected.size() ? expected.get(i) : null;
            HeaderField g = i < got.size() ? got.get(i) : null;
            if (e != null && g != null && e.name().equals(g.name()) && e.value().equals(g.value())) continue;
            return Optional.of(where + " header " + i + ": expected " + show(e) + ", got " + show(g));
        }
        return Optional.empty();
    }

    private static String show(HeaderField f) {
        if (f == null) return "end of list";
        StringBuilder sb = new StringBuilder("\"");
        String s = f.name() + ": " + f.value();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) sb.append(String.format("\\x%02x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }
}
