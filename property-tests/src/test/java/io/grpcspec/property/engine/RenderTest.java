package io.grpcspec.property.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Default rendering of examples in failure reports. */
class RenderTest {

    @Test
    void shortCollectionsStayOnOneLineLongOnesGetOneElementPerLine() {
        assertEquals("[1, 2, 3]", Render.value(List.of(1, 2, 3)));
        List<String> frames = Collections.nCopies(5, "HEADERS stream=1 end_stream=false end_headers=true");
        assertEquals(String.join("\n", frames), Render.value(frames));
    }

    @Test
    void bytesAreHexAndContextsRenderAsNothing() {
        assertEquals("0x00ff10", Render.value(new byte[] {0, -1, 16}));
        assertEquals("", Render.value(new TestCase(new long[0], null, 10)));
        assertEquals("[[1, 2], [3]]", Render.value(new Integer[][] {{1, 2}, {3}}));
        assertEquals("null", Render.value(null));
    }

    @Test
    void indentCutsVeryLongTextsAndSaysHowMuch() {
        String text = String.join("\n", Collections.nCopies(Render.MAX_LINES + 7, "PING"));
        String out = Render.indent(text);
        assertEquals(Render.MAX_LINES + 1, out.lines().count());
        assertTrue(out.endsWith("\n  ... (7 more lines)"), out);
        assertEquals("  a\n  b", Render.indent("a\nb"));
    }

    @Test
    void aThrowingRendererDoesNotHideTheFailure() {
        Result<Integer> r = Property.forAll("bad renderer", Gen.ints(0, 9)).settings(Settings.DEFAULTS)
                .printSummary(false)
                .render(x -> {
                    throw new IllegalStateException("cannot render");
                })
                .run(x -> assertTrue(x < 3));
        assertEquals(Result.Status.FAILED, r.status());
        assertTrue(r.failure().example().startsWith("<renderer threw java.lang.IllegalStateException: cannot render> 3"),
                r.failure().example());
    }
}
