package io.grpcspec.spec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An immutable map from {@code int} keys to values, iterated in key order: a persistent AVL tree
 * whose {@link #with} and {@link #without} copy only the O(log n) nodes on the path to the key and
 * share the rest with the map they came from. A machine state holding a connection's streams
 * can thus change one stream per step without copying the others (a copied table made every
 * step cost O(streams)).
 *
 * <p>Each map carries a predicate chosen when it was made empty; every node counts the entries
 * below it that the predicate selects, split by key parity, so {@link #countedOdd()} and
 * {@link #countedEven()} are O(1) (HTTP/2 stream identifiers: odd for the client's streams, even
 * for the server's). The predicate must depend on the value only.
 *
 * <p>It is a read-only {@link Map} ({@code put} and the other mutators throw), equal to any map
 * with the same entries and hashing like one.
 */
public final class IntTreeMap<V> extends AbstractMap<Integer, V> {

    private record Node<V>(int key, V value, Node<V> left, Node<V> right, int height, int size, int odd, int even) {}

    private final Node<V> root;
    private final Predicate<? super V> counted;

    private IntTreeMap(Node<V> root, Predicate<? super V> counted) {
        this.root = root;
        this.counted = counted;
    }

    /** An empty map counting no entries. */
    public static <V> IntTreeMap<V> empty() {
        return new IntTreeMap<>(null, v -> false);
    }

    /** An empty map whose counts are of the entries {@code counted} selects. */
    public static <V> IntTreeMap<V> empty(Predicate<? super V> counted) {
        return new IntTreeMap<>(null, counted);
    }

    /** {@code map} itself when it is an IntTreeMap with this predicate, else a copy of it. */
    public static <V> IntTreeMap<V> of(Map<Integer, ? extends V> map, Predicate<? super V> counted) {
        if (map instanceof IntTreeMap<?> t && t.counted == counted) {
            @SuppressWarnings("unchecked") IntTreeMap<V> same = (IntTreeMap<V>) t;
            return same;
        }
        IntTreeMap<V> m = empty(counted);
        for (Map.Entry<Integer, ? extends V> e : map.entrySet()) m = m.with(e.getKey(), e.getValue());
        return m;
    }

    /** Entries with an odd key that the predicate selects. */
    public int countedOdd() {
        return root == null ? 0 : root.odd;
    }

    /** Entries with an even key that the predicate selects. */
    public int countedEven() {
        return root == null ? 0 : root.even;
    }

    /** This map with {@code key} mapped to {@code value} (replacing any earlier value). */
    public IntTreeMap<V> with(int key, V value) {
        if (value == null) throw new NullPointerException("value");
        return new IntTreeMap<>(insert(root, key, value), counted);
    }

    /** This map without {@code key} (itself when the key is absent). */
    public IntTreeMap<V> without(int key) {
        if (find(key) == null) return this;
        return new IntTreeMap<>(delete(root, key), counted);
    }

    /** The smallest key; the map must not be empty. */
    public int firstKey() {
        if (root == null) throw new NoSuchElementException("empty");
        Node<V> n = root;
        while (n.left != null) n = n.left;
        return n.key;
    }

    /** The largest key; the map must not be empty. */
    public int lastKey() {
        if (root == null) throw new NoSuchElementException("empty");
        Node<V> n = root;
        while (n.right != null) n = n.right;
        return n.key;
    }

    /** The keys in ascending order, without the entry objects {@link #entrySet} makes (for {@link IntTreeSet}). */
    Iterator<Integer> keyIterator() {
        InOrder<V> nodes = new InOrder<>(root);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return nodes.hasNext();
            }

            @Override
            public Integer next() {
                return nodes.nextNode().key;
            }
        };
    }

    /** The value of {@code key}, or null. */
    public V get(int key) {
        Node<V> n = find(key);
        return n == null ? null : n.value;
    }

    @Override
    public V get(Object key) {
        return key instanceof Integer k ? get(k.intValue()) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof Integer k && find(k) != null;
    }

    @Override
    public int size() {
        return root == null ? 0 : root.size;
    }

    @Override
    public boolean isEmpty() {
        return root == null;
    }

    @Override
    public Set<Map.Entry<Integer, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<Integer, V>> iterator() {
                return new InOrder<>(root);
            }

            @Override
            public int size() {
                return IntTreeMap.this.size();
            }
        };
    }

    private Node<V> find(int key) {
        Node<V> n = root;
        while (n != null) {
            if (key < n.key) n = n.left;
            else if (key > n.key) n = n.right;
            else return n;
        }
        return null;
    }

    // ---------------------------------------------------------------- AVL, path copying

    private Node<V> node(int key, V value, Node<V> left, Node<V> right) {
        int self = counted.test(value) ? 1 : 0;
        boolean odd = (key & 1) != 0;
        return new Node<>(key, value, left, right,
                1 + Math.max(height(left), height(right)),
                1 + size(left) + size(right),
                (odd ? self : 0) + odd(left) + odd(right),
                (odd ? 0 : self) + even(left) + even(right));
    }

    private Node<V> insert(Node<V> n, int key, V value) {
        if (n == null) return node(key, value, null, null);
        if (key < n.key) return balance(n.key, n.value, insert(n.left, key, value), n.right);
        if (key > n.key) return balance(n.key, n.value, n.left, insert(n.right, key, value));
        return node(key, value, n.left, n.right);
    }

    private Node<V> delete(Node<V> n, int key) {
        if (key < n.key) return balance(n.key, n.value, delete(n.left, key), n.right);
        if (key > n.key) return balance(n.key, n.value, n.left, delete(n.right, key));
        if (n.left == null) return n.right;
        if (n.right == null) return n.left;
        Node<V> first = n.right;
        while (first.left != null) first = first.left;
        return balance(first.key, first.value, n.left, delete(n.right, first.key));
    }

    private Node<V> balance(int key, V value, Node<V> left, Node<V> right) {
        int lean = height(left) - height(right);
        if (lean > 1) {
            if (height(left.left) >= height(left.right)) {
                return node(left.key, left.value, left.left, node(key, value, left.right, right));
            }
            Node<V> lr = left.right;
            return node(lr.key, lr.value, node(left.key, left.value, left.left, lr.left), node(key, value, lr.right, right));
        }
        if (lean < -1) {
            if (height(right.right) >= height(right.left)) {
                return node(right.key, right.value, node(key, value, left, right.left), right.right);
            }
            Node<V> rl = right.left;
            return node(rl.key, rl.value, node(key, value, left, rl.left), node(right.key, right.value, rl.right, right.right));
        }
        return node(key, value, left, right);
    }

    private static int height(Node<?> n) {
        return n == null ? 0 : n.height;
    }

    private static int size(Node<?> n) {
        return n == null ? 0 : n.size;
    }

    private static int odd(Node<?> n) {
        return n == null ? 0 : n.odd;
    }

    private static int even(Node<?> n) {
        return n == null ? 0 : n.even;
    }

    /** Keys in ascending order, with a stack of the nodes still to visit (no parent links). */
    private static final class InOrder<V> implements Iterator<Map.Entry<Integer, V>> {
        private final ArrayDeque<Node<V>> pending = new ArrayDeque<>();

        InOrder(Node<V> root) {
            descend(root);
        }

        private void descend(Node<V> n) {
            for (; n != null; n = n.left) pending.push(n);
        }

        @Override
        public boolean hasNext() {
            return !pending.isEmpty();
        }

        @Override
        public Map.Entry<Integer, V> next() {
            Node<V> n = nextNode();
            return new SimpleImmutableEntry<>(n.key, n.value);
        }

        Node<V> nextNode() {
            if (pending.isEmpty()) throw new NoSuchElementException();
            Node<V> n = pending.pop();
            descend(n.right);
            return n;
        }
    }
}
