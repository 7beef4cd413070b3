package io.grpcspec.spec.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The calls in progress: added and removed one at a time, compared by their elements. */
class GuardTest {

    @Test
    void callsAreAddedAndRemovedOneAtATimeAndCompareByElements() {
        Guard one = Guard.START.withCall(3).withCall(1);
        Guard two = one.withCall(5);
        assertEquals(List.of(1, 3), List.copyOf(one.calls()), "the earlier guard is unchanged");
        assertEquals(List.of(1, 3, 5), List.copyOf(two.calls()));
        assertSame(two, two.withCall(5));
        assertSame(two, two.withoutCall(7));
        Guard back = two.withoutCall(5);
        assertEquals(one, back);
        assertEquals(one.hashCode(), back.hashCode());
        Guard fromTreeSet = new Guard(one.peerResets(), one.sentResets(), one.noProgress(), new TreeSet<>(Set.of(3, 1)));
        assertEquals(one, fromTreeSet);
        assertEquals(one.hashCode(), fromTreeSet.hashCode());
        assertEquals(Guard.START, two.withoutCalls());
        assertEquals(1, one.calls().first());
    }
}
