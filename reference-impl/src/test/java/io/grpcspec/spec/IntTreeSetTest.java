package io.grpcspec.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IntTreeSetTest {

    /** Random adds and removals against a TreeSet: same elements, order, ends, hash, and old versions unchanged. */
    @Test
    void behavesLikeATreeSetAndKeepsEveryVersion() {
        Random random = new Random(13);
        IntTreeSet s = IntTreeSet.EMPTY;
        TreeSet<Integer> model = new TreeSet<>();
        List<IntTreeSet> versions = new ArrayList<>();
        List<TreeSet<Integer>> models = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            int e = random.nextInt(300) - 20;
            if (random.nextInt(3) == 0) {
                s = s.without(e);
                model.remove(e);
            } else {
                s = s.with(e);
                model.add(e);
            }
            if (i % 250 == 0) {
                versions.add(s);
                models.add(new TreeSet<>(model));
            }
            assertEquals(model.size(), s.size());
            if (!model.isEmpty()) {
                assertEquals(model.first(), s.first());
                assertEquals(model.last(), s.last());
            }
        }
        assertEquals(model, s);
        assertEquals(s, model);
        assertEquals(Collections.unmodifiableSortedSet(model), s, "equal to the unmodifiable sorted set states held before");
        assertEquals(model.hashCode(), s.hashCode());
        assertEquals(new ArrayList<>(model), new ArrayList<>(s), "ascending order");
        assertEquals(model.toString(), s.toString());
        for (int e = -25; e < 285; e++) {
            assertEquals(model.contains(e), s.contains(e));
            assertEquals(model.contains(e), s.contains((Object) e));
        }
        assertFalse(s.contains("7"));
        assertEquals(model.headSet(100), s.headSet(100));
        assertEquals(model.tailSet(100), s.tailSet(100));
        assertEquals(model.subSet(50, 150), s.subSet(50, 150));
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(models.get(i), versions.get(i), "version " + i + " is unchanged by later steps");
        }
    }

    @Test
    void unchangedSetsAreReturnedAsIs() {
        IntTreeSet s = IntTreeSet.EMPTY.with(1).with(3);
        assertSame(s, s.with(3));
        assertSame(s, s.without(5));
        assertSame(s, IntTreeSet.of(s));
        assertSame(IntTreeSet.EMPTY, IntTreeSet.EMPTY.without(1));
        assertEquals(Set.of(1, 3), IntTreeSet.of(new TreeSet<>(List.of(3, 1))));
        assertEquals(List.of(1, 3), new ArrayList<>(IntTreeSet.of(List.of(3, 1, 3))));
    }

    @Test
    void isReadOnlyAndNaturallyOrdered() {
        SortedSet<Integer> s = IntTreeSet.EMPTY.with(5).with(-2);
        assertEquals(null, s.comparator());
        assertThrows(UnsupportedOperationException.class, () -> s.add(7));
        assertThrows(UnsupportedOperationException.class, () -> s.remove(5));
        assertThrows(UnsupportedOperationException.class, () -> s.iterator().remove());
        assertThrows(UnsupportedOperationException.class, () -> s.headSet(10).add(1));
        assertThrows(NoSuchElementException.class, () -> IntTreeSet.EMPTY.first());
        assertThrows(NoSuchElementException.class, () -> IntTreeSet.EMPTY.last());
        assertThrows(NullPointerException.class, () -> IntTreeSet.of(java.util.Arrays.asList(1, null)));
        assertTrue(IntTreeSet.EMPTY.isEmpty());
        assertEquals(List.of(-2, 5), new ArrayList<>(s));
    }
}
