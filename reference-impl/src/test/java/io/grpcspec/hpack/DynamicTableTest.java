package io.grpcspec.hpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The working copy and the frozen tables it hands its ring to, against a plain list model of
 * RFC 7541 §4 (newest first, evict from the oldest end): random adds and resizes that wrap the
 * ring and grow it, a freeze after each round, and every frozen table checked again at the end,
 * so a ring written after it was handed over would show.
 */
class DynamicTableTest {

    @Test
    void randomChangesMatchTheModelAndFrozenTablesNeverChange() {
        Random random = new Random(7541);
        HeaderTable table = HeaderTable.empty(4096);
        List<HeaderField> model = new ArrayList<>(); // newest first
        int maxSize = 4096;
        List<HeaderTable> frozen = new ArrayList<>();
        List<List<HeaderField>> frozenModels = new ArrayList<>();
        for (int round = 0; round < 400; round++) {
            DynamicTable t = new DynamicTable(table);
            int changes = random.nextInt(12);
            for (int k = 0; k < changes; k++) {
                if (random.nextInt(10) == 0) {
                    maxSize = random.nextInt(5000);
                    t.setMaxSize(maxSize);
                    evict(model, maxSize);
                } else {
                    // Mostly small fields (many entries, the ring wraps and grows), now and then one larger than the table.
                    String value = "v".repeat(random.nextInt(random.nextInt(20) == 0 ? 5000 : 40));
                    HeaderField f = new HeaderField("n" + random.nextInt(1000), value);
                    t.add(f);
                    if (f.size() > maxSize) {
                        model.clear();
                    } else {
                        evict(model, maxSize - f.size());
                        model.add(0, f);
                    }
                }
                assertMatches(model, maxSize, t);
            }
            HeaderTable next = t.freeze();
            if (changes == 0) assertSame(table, next, "a block without changes keeps its table");
            table = next;
            assertEquals(model, table.entries());
            assertEquals(size(model), table.size());
            assertEquals(maxSize, table.maxSize());
            frozen.add(table);
            frozenModels.add(List.copyOf(model));
        }
        for (int i = 0; i < frozen.size(); i++) assertEquals(frozenModels.get(i), frozen.get(i).entries(), "frozen table " + i);
    }

    @Test
    void equalEntriesAreEqualTablesWhateverTheRingLayout() {
        // Same three entries: one table built by three adds, the other after ten evicted ones (its ring's head moved).
        DynamicTable a = new DynamicTable(HeaderTable.empty(200));
        DynamicTable b = new DynamicTable(HeaderTable.empty(200));
        for (int i = 0; i < 10; i++) b.add(new HeaderField("old", "x" + i));
        b.setMaxSize(0);
        b.setMaxSize(200);
        for (String v : List.of("1", "2", "3")) {
            a.add(new HeaderField("k", v));
            b.add(new HeaderField("k", v));
        }
        HeaderTable ta = a.freeze();
        HeaderTable tb = b.freeze();
        assertEquals(ta, tb);
        assertEquals(ta.hashCode(), tb.hashCode());
        DynamicTable c = new DynamicTable(tb);
        c.add(new HeaderField("k", "4"));
        HeaderTable tc = c.freeze();
        assertNotEquals(ta, tc);
        assertEquals(ta, tb, "changing a copy of tb leaves tb as it was");
    }

    @Test
    void aChangeAfterFreezeCopiesAgain() {
        DynamicTable t = new DynamicTable(HeaderTable.empty(4096));
        t.add(new HeaderField("a", "1"));
        t.add(new HeaderField("b", "2"));
        HeaderTable first = t.freeze();
        t.setMaxSize(40); // room for one entry of 34: evicts "a" from the working copy only
        t.add(new HeaderField("c", "3"));
        HeaderTable second = t.freeze();
        assertEquals(List.of(new HeaderField("b", "2"), new HeaderField("a", "1")), first.entries());
        assertEquals(List.of(new HeaderField("c", "3")), second.entries());
    }

    private static void assertMatches(List<HeaderField> model, int maxSize, DynamicTable t) {
        assertEquals(model.size(), t.length());
        assertEquals(size(model), t.size());
        assertEquals(maxSize, t.maxSize());
        for (int i = 1; i <= model.size(); i++) assertEquals(model.get(i - 1), t.get(i), "entry " + i);
    }

    private static void evict(List<HeaderField> model, long target) {
        while (size(model) > target) model.remove(model.size() - 1);
    }

    private static long size(List<HeaderField> model) {
        return model.stream().mapToLong(HeaderField::size).sum();
    }
}
