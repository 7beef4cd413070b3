package io.grpcspec.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Slices share their string's array, yet behave exactly like a copy of their octets. */
class BytesTest {

    @Test
    void everySliceIsEqualToACopyOfItsOctets() throws Exception {
        byte[] raw = new byte[200];
        new Random(7).nextBytes(raw);
        Bytes whole = Bytes.of(raw);
        Random r = new Random(11);
        for (int i = 0; i < 500; i++) {
            int from = r.nextInt(raw.length + 1);
            int to = from + r.nextInt(raw.length - from + 1);
            Bytes slice = whole.slice(from, to);
            byte[] expected = Arrays.copyOfRange(raw, from, to);
            Bytes copy = Bytes.of(expected);
            assertEquals(copy, slice);
            assertEquals(slice, copy);
            assertEquals(Arrays.hashCode(expected), slice.hashCode());
            assertEquals(copy.hashCode(), slice.hashCode());
            assertEquals(expected.length, slice.length());
            assertArrayEquals(expected, slice.toByteArray());
            assertEquals(copy.hex(), slice.hex());
            assertEquals(copy.ascii(), slice.ascii());
            assertEquals(copy.toString(), slice.toString());
            byte[] dst = new byte[expected.length + 3];
            slice.copyTo(dst, 3);
            assertArrayEquals(expected, Arrays.copyOfRange(dst, 3, dst.length));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            slice.writeTo(out);
            assertArrayEquals(expected, out.toByteArray());
            for (int k = 0; k < expected.length; k++) assertEquals(expected[k], slice.get(k));
            // a slice of a slice is the same octets again
            if (expected.length >= 2) assertEquals(Bytes.of(expected).slice(1, expected.length - 1), slice.slice(1, slice.length() - 1));
        }
    }

    @Test
    void slicesConcatenateBackToTheWhole() {
        Bytes whole = Bytes.ofAscii("hello, world");
        assertEquals(whole, whole.slice(0, 5).concat(whole.slice(5, 12)));
        assertSame(whole, whole.slice(0, whole.length()));
        assertSame(Bytes.EMPTY, whole.slice(4, 4));
        assertNotEquals(whole.slice(0, 5), whole.slice(1, 6));
    }

    @Test
    void octetsOutsideTheSliceAreOutOfReach() {
        Bytes slice = Bytes.ofAscii("abcdef").slice(2, 4);
        assertThrows(IndexOutOfBoundsException.class, () -> slice.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> slice.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> slice.slice(0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> slice.slice(2, 1));
    }

    @Test
    void ofCopiesAndAdoptDoesNot() {
        byte[] a = {1, 2, 3};
        Bytes copied = Bytes.of(a);
        Bytes adopted = Bytes.adopt(a);
        a[0] = 9;
        assertEquals(1, copied.get(0), "of took a copy");
        assertEquals(9, adopted.get(0), "adopt took the array itself: its caller must not change it");
    }
}
