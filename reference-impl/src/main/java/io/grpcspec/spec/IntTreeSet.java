package io.grpcspec.spec;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An immutable sorted set of {@code int}s: the key set of an {@link IntTreeMap}, so {@link #with}
 * and {@link #without} copy only the O(log n) tree nodes on the path to the element and share the
 * rest with the set they came from. A machine state that tracks open streams or calls in progress
 * can thus add or drop one per step without copying the others.
 *
 * <p>It is a read-only {@link SortedSet} in natural order (the mutators throw), equal to any set
 * with the same elements and hashing like one, so a state holding it equals (and hashes like) the
 * same state holding a {@link TreeSet}. The range views ({@link #headSet}, {@link #tailSet},
 * {@link #subSet}) are unmodifiable copies, not live views: nothing here needs them on a hot path.
 */
public final class IntTreeSet extends AbstractSet<Integer> implements SortedSet<Integer> {

    private static final IntTreeMap<Boolean> NO_KEYS = IntTreeMap.empty();

    /** The empty set. */
    public static final IntTreeSet EMPTY = new IntTreeSet(NO_KEYS);

    private final IntTreeMap<Boolean> keys;

    private IntTreeSet(IntTreeMap<Boolean> keys) {
        this.keys = keys;
    }

    /** {@code set} itself when it is an IntTreeSet, else a set of its elements (which must not be null). */
    public static IntTreeSet of(Collection<Integer> set) {
        if (set instanceof IntTreeSet t) return t;
        IntTreeSet out = EMPTY;
        for (int id : set) out = out.with(id);
        return out;
    }

    /** This set with {@code element} added (itself when it is already there). */
    public IntTreeSet with(int element) {
        return keys.containsKey(element) ? this : new IntTreeSet(keys.with(element, Boolean.TRUE));
    }

    /** This set without {@code element} (itself when it is absent). */
    public IntTreeSet without(int element) {
        IntTreeMap<Boolean> rest = keys.without(element);
        return rest == keys ? this : new IntTreeSet(rest);
    }

    public boolean contains(int element) {
        return keys.containsKey(element);
    }

    @Override
    public boolean contains(Object o) {
        return keys.containsKey(o);
    }

    @Override
    public int size() {
        return keys.size();
    }

    @Override
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    @Override
    public Iterator<Integer> iterator() {
        return keys.keyIterator();
    }

    @Override
    public Comparator<? super Integer> comparator() {
        return null;
    }

    @Override
    public Integer first() {
        return keys.firstKey();
    }

    @Override
    public Integer last() {
        return keys.lastKey();
    }

    @Override
    public SortedSet<Integer> subSet(Integer fromElement, Integer toElement) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(this).subSet(fromElement, toElement));
    }

    @Override
    public SortedSet<Integer> headSet(Integer toElement) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(this).headSet(toElement));
    }

    @Override
    public SortedSet<Integer> tailSet(Integer fromElement) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(this).tailSet(fromElement));
    }
}
