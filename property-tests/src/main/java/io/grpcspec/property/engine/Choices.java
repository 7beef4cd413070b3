package io.grpcspec.property.engine;

import java.util.Arrays;

/**
 * The recorded choice sequence of one test case: for every draw, in order, the choice index
 * (0 = simplest) and the largest index that draw allowed. Replaying the indices through the same
 * generator and property rebuilds the same case, which is how failures are reproduced and shrunk:
 * the shrinker edits this sequence, not the generated values.
 */
public final class Choices {

    private final long[] indices;
    private final long[] maxIndices;

    Choices(long[] indices, long[] maxIndices) {
        this.indices = indices;
        this.maxIndices = maxIndices;
    }

    /** Number of choices made. */
    public int size() {
        return indices.length;
    }

    /** The {@code i}-th choice index; 0 is the simplest value of that draw. */
    public long index(int i) {
        return indices[i];
    }

    /** The largest index the {@code i}-th draw allowed (e.g. 1 for a boolean). */
    public long maxIndex(int i) {
        return maxIndices[i];
    }

    /** A copy of all choice indices. */
    public long[] toArray() {
        return indices.clone();
    }

    long[] indicesView() {
        return indices;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Choices other && Arrays.equals(indices, other.indices);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(indices);
    }

    @Override
    public String toString() {
        return Arrays.toString(indices);
    }
}
