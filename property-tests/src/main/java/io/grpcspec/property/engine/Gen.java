package io.grpcspec.property.engine;

import io.grpcspec.wire.Bytes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A generator: a function from a {@link Source} of recorded choices to a value. Any lambda
 * {@code src -> ...} is a generator, so records, tuples and state-dependent sequences are written
 * as plain code:
 * <pre>{@code
 * Gen<Setting> setting = src -> new Setting(src.pick(ids), src.drawLong(0, 0xFFFFFFFFL));
 * }</pre>
 * Because values are built from choices, shrinking needs no per-type shrinker: every generator
 * shrinks by the engine editing its choices ("integrated shrinking").
 */
@FunctionalInterface
public interface Gen<T> {

    /** Builds one value from {@code src}. Call other generators through {@link Source#draw(Gen)}. */
    T generate(Source src);

    // ---- combinators -----------------------------------------------------------------------

    /** Applies {@code f} to each generated value; shrinks as this generator does. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return src -> f.apply(src.draw(this));
    }

    /** Generates a value, then a value from the generator {@code f} picks for it. */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        return src -> {
            T t = src.draw(this);
            Gen<? extends R> next = f.apply(t);
            return src.draw(next::generate);
        };
    }

    /**
     * Keeps only values satisfying {@code keep}: redraws up to {@value Filters#RETRIES} times,
     * then discards the whole case (counted in the run's "discarded" figure, never a failure).
     */
    default Gen<T> filter(Predicate<? super T> keep) {
        return src -> {
            for (int attempt = 0; attempt < Filters.RETRIES; attempt++) {
                T t = src.draw(this);
                if (keep.test(t)) return t;
            }
            ((TestCase) src).reject("filter rejected " + Filters.RETRIES + " values in a row");
            throw new AssertionError("unreachable");
        };
    }

    /** Lists of this generator's values; see {@link #lists(Gen, int, int)}. */
    default Gen<List<T>> list(int minSize, int maxSize) {
        return lists(this, minSize, maxSize);
    }

    // ---- basic generators ------------------------------------------------------------------

    /** Always {@code value}; draws nothing. */
    static <T> Gen<T> constant(T value) {
        return src -> value;
    }

    /** Integers in {@code [min, max]}, biased to edge cases, shrinking towards zero. */
    static Gen<Integer> ints(int min, int max) {
        IntCodec.maxIndex(min, max);
        return src -> src.draw(min, max);
    }

    /** Any int, shrinking towards zero. */
    static Gen<Integer> ints() {
        return ints(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** Longs in {@code [min, max]}; {@code max - min} must fit a long. */
    static Gen<Long> longs(long min, long max) {
        IntCodec.maxIndex(min, max);
        return src -> src.drawLong(min, max);
    }

    /** Any long (drawn as two 32-bit halves), shrinking towards zero. */
    static Gen<Long> longs() {
        return src -> {
            long high = src.drawLong(Integer.MIN_VALUE, Integer.MAX_VALUE);
            long low = src.drawLong(0, 0xFFFFFFFFL);
            return (high << 32) | low;
        };
    }

    /** Fair booleans, shrinking to {@code false}. */
    static Gen<Boolean> booleans() {
        return Source::bool;
    }

    /** One of {@code values}, uniformly, shrinking to the first. */
    @SafeVarargs
    static <T> Gen<T> elements(T... values) {
        List<T> copy = new ArrayList<>(values.length);
        for (T v : values) copy.add(v); // element by element: passing the array on is unsafe under generics
        return elements(copy);
    }

    /** One of {@code values}, uniformly, shrinking to the first. */
    static <T> Gen<T> elements(List<? extends T> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("elements: no values");
        List<? extends T> copy = List.copyOf(values);
        return src -> src.pick(copy);
    }

    /** A constant of {@code type}, shrinking to the first declared. */
    static <E extends Enum<E>> Gen<E> enums(Class<E> type) {
        return elements(type.getEnumConstants());
    }

    /** A value from one of {@code gens}, chosen uniformly, shrinking towards the first generator. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        if (gens.length == 0) throw new IllegalArgumentException("oneOf: no generators");
        List<Gen<? extends T>> copy = new ArrayList<>(gens.length);
        for (Gen<? extends T> g : gens) copy.add(Objects.requireNonNull(g));
        return src -> {
            Gen<? extends T> g = copy.get(src.choose(copy.size()));
            return src.draw(g::generate);
        };
    }

    /** A generator with a relative weight, for {@link #frequency}. */
    record Weighted<T>(int weight, Gen<? extends T> gen) {
        public Weighted {
            if (weight < 0) throw new IllegalArgumentException("negative weight " + weight);
            Objects.requireNonNull(gen);
        }
    }

    /** Pairs {@code gen} with {@code weight} for {@link #frequency}. */
    static <T> Weighted<T> weight(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    /**
     * A value from one of the generators, picked with probability proportional to its weight
     * (drawn uniformly, without edge-case bias), shrinking towards the first listed.
     */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<? extends T>... options) {
        List<Weighted<? extends T>> copy = new ArrayList<>(options.length);
        for (Weighted<? extends T> w : options) copy.add(Objects.requireNonNull(w));
        int total = 0;
        for (Weighted<? extends T> w : copy) total = Math.addExact(total, w.weight());
        if (total == 0) throw new IllegalArgumentException("frequency: all weights are zero");
        int sum = total;
        return src -> {
            int ticket = src.choose(sum);
            for (Weighted<? extends T> w : copy) {
                if (ticket < w.weight()) return src.draw(w.gen()::generate);
                ticket -= w.weight();
            }
            throw new AssertionError("unreachable");
        };
    }

    /**
     * Lists of {@code minSize..maxSize} elements. Each optional element is preceded by a drawn
     * "one more?" flag (see {@link Source#many}), so shrinking deletes elements and shortens lists.
     * The list is modifiable and fresh for each case.
     */
    static <T> Gen<List<T>> lists(Gen<T> element, int minSize, int maxSize) {
        if (minSize < 0 || maxSize < minSize) throw new IllegalArgumentException("bad size bounds");
        return src -> {
            List<T> out = new ArrayList<>();
            Many many = src.many(minSize, maxSize);
            while (many.more()) out.add(src.draw(element));
            return out;
        };
    }

    /** {@link #lists(Gen, int, int)} with about {@code averageSize} elements. */
    static <T> Gen<List<T>> lists(Gen<T> element, int minSize, int maxSize, double averageSize) {
        if (minSize < 0 || maxSize < minSize) throw new IllegalArgumentException("bad size bounds");
        return src -> {
            List<T> out = new ArrayList<>();
            Many many = src.many(minSize, maxSize, averageSize);
            while (many.more()) out.add(src.draw(element));
            return out;
        };
    }

    /**
     * Byte arrays of {@code minLength..maxLength} bytes. The length is drawn first (biased to the
     * bounds and powers of two). The first {@value Filters#EXPLICIT_BYTES} bytes are individual
     * choices that shrink to zero; longer content is filled from one drawn 64-bit seed, which
     * shrinks to 0 meaning "all zeros", so large payloads stay cheap to record and shrink.
     */
    static Gen<byte[]> byteArrays(int minLength, int maxLength) {
        IntCodec.maxIndex(minLength, maxLength);
        if (minLength < 0) throw new IllegalArgumentException("negative length");
        return src -> {
            int length = src.draw(minLength, maxLength);
            byte[] out = new byte[length];
            int explicit = Math.min(length, Filters.EXPLICIT_BYTES);
            for (int i = 0; i < explicit; i++) out[i] = (byte) src.draw(0, 255);
            if (length > explicit) {
                long seed = src.drawLong(0, Long.MAX_VALUE);
                if (seed != 0) {
                    Rng fill = new Rng(seed);
                    for (int i = explicit; i < length; i++) out[i] = (byte) fill.nextLong();
                }
            }
            return out;
        };
    }

    /** {@link #byteArrays} as immutable {@link Bytes}. */
    static Gen<Bytes> bytes(int minLength, int maxLength) {
        return byteArrays(minLength, maxLength).map(Bytes::of);
    }

    /** Strings of {@code minLength..maxLength} characters from {@code alphabet}, shrinking to its first character. */
    static Gen<String> strings(String alphabet, int minLength, int maxLength) {
        if (alphabet.isEmpty()) throw new IllegalArgumentException("empty alphabet");
        return src -> {
            StringBuilder sb = new StringBuilder();
            Many many = src.many(minLength, maxLength);
            while (many.more()) sb.append(alphabet.charAt(src.choose(alphabet.length())));
            return sb.toString();
        };
    }

    /** Combines two generators' values; a record constructor reference works as {@code f}. */
    static <A, B, R> Gen<R> zip(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
        return src -> f.apply(src.draw(a), src.draw(b));
    }

    /** Three-argument function for {@link #zip(Gen, Gen, Gen, Fn3)}. */
    @FunctionalInterface
    interface Fn3<A, B, C, R> {
        R apply(A a, B b, C c);
    }

    /** Combines three generators' values. */
    static <A, B, C, R> Gen<R> zip(Gen<A> a, Gen<B> b, Gen<C> c, Fn3<? super A, ? super B, ? super C, ? extends R> f) {
        return src -> f.apply(src.draw(a), src.draw(b), src.draw(c));
    }

    /** Defers building a generator, for recursive structures. */
    static <T> Gen<T> lazy(Supplier<? extends Gen<? extends T>> supplier) {
        return src -> src.draw(supplier.get()::generate);
    }

    /** A shuffled copy of {@code items} (drawn as successive picks), shrinking towards the original order. */
    static <T> Gen<List<T>> permutations(List<? extends T> items) {
        List<? extends T> copy = List.copyOf(items);
        return src -> {
            List<T> rest = new ArrayList<>(copy);
            List<T> out = new ArrayList<>(rest.size());
            while (!rest.isEmpty()) out.add(rest.remove(src.choose(rest.size())));
            return Collections.unmodifiableList(out);
        };
    }

    /** Constants shared by the generators; an interface cannot hold private fields. */
    final class Filters {
        /** Attempts a {@link Gen#filter} makes before discarding the case. */
        public static final int RETRIES = 20;
        /** Bytes drawn one by one by {@link Gen#byteArrays}; the rest come from a drawn seed. */
        public static final int EXPLICIT_BYTES = 64;

        private Filters() {}
    }
}
