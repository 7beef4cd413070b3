package io.grpcspec.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class IntTreeMapTest {

    private static final Predicate<String> STARTS_WITH_A = v -> v.startsWith("a");

    /** Random inserts, replacements and removals against a TreeMap: same entries, order, counts, and old versions unchanged. */
    @Test
    void behavesLikeATreeMapAndKeepsEveryVersion() {
        Random random = new Random(13);
        IntTreeMap<String> m = IntTreeMap.empty(STARTS_WITH_A);
        TreeMap<Integer, String> model = new TreeMap<>();
        List<IntTreeMap<String>> versions = new ArrayList<>();
        List<TreeMap<Integer, String>> models = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            int key = random.nextInt(300) - 20;
            if (random.nextInt(3) == 0) {
                m = m.without(key);
                model.remove(key);
            } else {
                String v = (random.nextBoolean() ? "a" : "b") + random.nextInt(10);
                m = m.with(key, v);
                model.put(key, v);
            }
            if (i % 250 == 0) {
                versions.add(m);
                models.add(new TreeMap<>(model));
            }
            assertEquals(model.size(), m.size());
        }
        assertEquals(model, m);
        assertEquals(m, model);
        assertEquals(model.hashCode(), m.hashCode());
        assertEquals(new ArrayList<>(model.keySet()), new ArrayList<>(m.keySet()), "ascending key order");
        assertEquals(model.toString(), m.toString());
        for (int k = -25; k < 285; k++) {
            assertEquals(model.get(k), m.get(k));
            assertEquals(model.get(k), m.get((Object) k));
            assertEquals(model.containsKey(k), m.containsKey(k));
        }
        assertCounts(model, m);
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(models.get(i), versions.get(i), "version " + i + " is unchanged by later steps");
            assertCounts(models.get(i), versions.get(i));
        }
    }

    private static void assertCounts(Map<Integer, String> model, IntTreeMap<String> m) {
        long odd = model.entrySet().stream().filter(e -> (e.getKey() & 1) != 0 && STARTS_WITH_A.test(e.getValue())).count();
        long even = model.entrySet().stream().filter(e -> (e.getKey() & 1) == 0 && STARTS_WITH_A.test(e.getValue())).count();
        assertEquals(odd, m.countedOdd());
        assertEquals(even, m.countedEven());
    }

    /** An ascending run of keys (streams open in identifier order) keeps the tree balanced: lookups stay logarithmic. */
    @Test
    void staysBalancedOnAscendingKeys() {
        IntTreeMap<String> m = IntTreeMap.empty();
        for (int i = 1; i < 200_000; i += 2) m = m.with(i, "v");
        assertEquals(100_000, m.size());
        assertEquals("v", m.get(199_999));
        for (int i = 1; i < 150_000; i += 2) m = m.without(i);
        assertEquals(25_000, m.size());
        assertNull(m.get(1));
        assertEquals("v", m.get(150_001));
    }

    @Test
    void ofSharesAMapWithTheSamePredicateAndCopiesOthers() {
        IntTreeMap<String> m = IntTreeMap.<String>empty(STARTS_WITH_A).with(1, "a").with(2, "b");
        assertSame(m, IntTreeMap.of(m, STARTS_WITH_A));
        IntTreeMap<String> copy = IntTreeMap.of(Map.of(1, "a", 3, "a", 4, "a"), STARTS_WITH_A);
        assertEquals(2, copy.countedOdd());
        assertEquals(1, copy.countedEven());
        IntTreeMap<String> recounted = IntTreeMap.of(m, v -> true);
        assertEquals(1, recounted.countedEven());
        assertSame(m, m.without(99), "removing an absent key changes nothing");
    }

    @Test
    void isReadOnly() {
        IntTreeMap<String> m = IntTreeMap.<String>empty().with(1, "a");
        assertThrows(UnsupportedOperationException.class, () -> m.put(2, "b"));
        assertThrows(UnsupportedOperationException.class, () -> m.remove(1));
        assertThrows(UnsupportedOperationException.class, () -> m.entrySet().iterator().next().setValue("c"));
        assertThrows(NullPointerException.class, () -> m.with(2, null));
        assertFalse(m.containsKey("1"));
        assertTrue(m.containsKey(1));
    }
}
