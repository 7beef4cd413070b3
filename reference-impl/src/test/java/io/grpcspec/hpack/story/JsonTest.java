package io.grpcspec.hpack.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsTheShapesStoriesUse() {
        Object v = Json.parse(" {\"cases\": [ {\"seqno\": 3, \"wire\": \"82\", \"headers\": [{\":m\": \"a\\\"b\\\\c\\u00e9\\n\"}]} ],"
                + " \"x\": [true, false, null, -1.5e2, 0] } ");
        Map<?, ?> top = (Map<?, ?>) v;
        assertEquals(List.of("cases", "x"), List.copyOf(top.keySet()));
        Map<?, ?> c = (Map<?, ?>) ((List<?>) top.get("cases")).get(0);
        assertEquals(3L, c.get("seqno"));
        assertEquals(Map.of(":m", "a\"b\\c\u00e9\n"), ((List<?>) c.get("headers")).get(0));
        assertEquals(Arrays.asList(true, false, null, -150.0, 0L), top.get("x"));
        assertNull(Json.parse("null"));
    }

    @Test
    void badInputSaysWhere() {
        assertEquals(9, assertThrows(Json.JsonException.class, () -> Json.parse("{\"a\": 1 x")).offset());
        assertThrows(Json.JsonException.class, () -> Json.parse("[1, 2"));
        assertThrows(Json.JsonException.class, () -> Json.parse("\"abc"));
        assertThrows(Json.JsonException.class, () -> Json.parse("\"\\q\""));
        assertThrows(Json.JsonException.class, () -> Json.parse("[1] [2]"));
        assertThrows(Json.JsonException.class, () -> Json.parse("[".repeat(10_000)));
    }

    @Test
    void storiesTurnTextIntoOctetsAndCheckTheirShape() throws Exception {
        Story s = Story.parse("{\"cases\": [{\"seqno\": 0, \"header_table_size\": 1365, \"wire\": \"82\","
                + " \"headers\": [{\"x\": \"\u00e9\"}]}]}");
        Story.Case c = s.cases().get(0);
        assertEquals(1365L, c.headerTableSize());
        assertEquals("82", c.wire().hex());
        assertEquals("\u00c3\u00a9", c.headers().get(0).value()); // UTF-8 octets of U+00E9
        assertThrows(Story.FormatException.class, () -> Story.parse("{\"cases\": [{\"wire\": \"8g\", \"headers\": []}]}"));
        assertThrows(Story.FormatException.class, () -> Story.parse("{\"cases\": [{\"headers\": [{\"a\": \"b\", \"c\": \"d\"}]}]}"));
        assertThrows(Story.FormatException.class, () -> Story.parse("[]"));
    }
}
