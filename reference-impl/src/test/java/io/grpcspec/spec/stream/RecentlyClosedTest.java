package io.grpcspec.spec.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpcspec.testing.Checks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentlyClosedTest {

    /** The memory against a LinkedHashMap doing what the class comment says: same entries, oldest first, bounded. */
    @Test
    @Checks({"LIM-7"})
    void remembersTheNewestCapacityStreamsOldestFirst() {
        Random random = new Random(7);
        Closure[] hows = Closure.values();
        for (int capacity : new int[] {0, 1, 3, 128}) {
            RecentlyClosed memory = RecentlyClosed.empty(capacity);
            LinkedHashMap<Integer, Closure> model = new LinkedHashMap<>();
            for (int i = 0; i < 3_000; i++) {
                int id = 1 + 2 * random.nextInt(200);
                Closure how = hows[random.nextInt(hows.length)];
                RecentlyClosed before = memory;
                Map<Integer, Closure> beforeEntries = new LinkedHashMap<>(before.entries());
                memory = memory.with(id, how);
                if (capacity > 0) {
                    model.remove(id);
                    model.put(id, how);
                    while (model.size() > capacity) model.remove(model.keySet().iterator().next());
                }
                assertEquals(beforeEntries, before.entries(), "an earlier memory is unchanged");
                assertEquals(new ArrayList<>(model.entrySet()), new ArrayList<>(memory.entries().entrySet()), "capacity " + capacity + ", step " + i);
            }
            assertEquals(model, memory.entries());
            for (int id = 1; id < 400; id += 2) assertEquals(model.get(id), memory.get(id));
            RecentlyClosed copy = new RecentlyClosed(capacity, new LinkedHashMap<>(model));
            assertEquals(memory, copy, "a memory built from a map equals the one built step by step");
            assertEquals(memory.hashCode(), copy.hashCode());
            if (!model.isEmpty()) {
                int oldest = model.keySet().iterator().next();
                RecentlyClosed next = copy.with(100_001, Closure.NONE);
                if (capacity > 0 && model.size() == capacity) assertNull(next.get(oldest), "the oldest is forgotten first");
            }
        }
    }
}
