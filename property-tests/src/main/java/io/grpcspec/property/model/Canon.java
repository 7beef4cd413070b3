package io.grpcspec.property.model;

import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.OutboundQueue;
import io.grpcspec.wire.DataFrame;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Hash-consing for one model: every distinct driver state, pipe item and script gets one
 * canonical instance and a dense number, so a {@link World} is a short row of numbers and two
 * worlds are equal exactly when their rows are. Each distinct part is hashed and compared in
 * depth once, when it is first met; after that it travels as its number.
 *
 * <p>The deep hashes skip what is large and carries no information for the model: the bytes of
 * DATA payloads and queued messages (13 KB of zeros per unit; {@code Arrays.hashCode} over them
 * once took 85% of the run time) and the endpoint configurations (the same two instances in
 * every state). Equality stays exact: a hash collision only costs a deep {@code equals}.
 */
final class Canon {

    /** A value with its precomputed hash, as a map key. */
    private record Key<T>(T value, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key<?> k && k.hash == hash && k.value.equals(value);
        }
    }

    private final Map<Key<DriverState>, Integer> driverIds = new HashMap<>(1 << 14);
    private DriverState[] drivers = new DriverState[1 << 12];
    private int driverCount;

    private final Map<Key<Item>, Integer> itemIds = new HashMap<>(1 << 10);
    private Item[] items = new Item[1 << 10];
    private int itemCount;

    private final Map<Script, Integer> scriptIds = new HashMap<>(1 << 12);
    private Script[] scripts = new Script[1 << 12];
    private int scriptCount;

    // ------------------------------------------------------------------ driver states

    /** The number of {@code s}, giving it the next one when it is new. */
    int driver(DriverState s) {
        Key<DriverState> k = new Key<>(s, driverHash(s));
        Integer id = driverIds.get(k);
        if (id != null) return id;
        if (driverCount == drivers.length) drivers = Arrays.copyOf(drivers, driverCount * 2);
        drivers[driverCount] = s;
        driverIds.put(k, driverCount);
        return driverCount++;
    }

    DriverState driver(int id) {
        return drivers[id];
    }

    int drivers() {
        return driverCount;
    }

    // ------------------------------------------------------------------ pipe items

    int item(Item it) {
        Key<Item> k = new Key<>(it, itemHash(it));
        Integer id = itemIds.get(k);
        if (id != null) return id;
        if (itemCount == items.length) items = Arrays.copyOf(items, itemCount * 2);
        items[itemCount] = it;
        itemIds.put(k, itemCount);
        return itemCount++;
    }

    Item item(int id) {
        return items[id];
    }

    // ------------------------------------------------------------------ scripts

    int script(Script s) {
        Integer id = scriptIds.get(s);
        if (id != null) return id;
        if (scriptCount == scripts.length) scripts = Arrays.copyOf(scripts, scriptCount * 2);
        scripts[scriptCount] = s;
        scriptIds.put(s, scriptCount);
        return scriptCount++;
    }

    Script script(int id) {
        return scripts[id];
    }

    // ------------------------------------------------------------------ deep hashes

    /** A driver state: its machine, both HPACK states and the armed timers. */
    static int driverHash(DriverState d) {
        int h = endpointHash(d.endpoint());
        h = h * 31 + d.encoder().hashCode();
        h = h * 31 + d.decoder().hashCode();
        return h * 31 + d.timers().hashCode();
    }

    static int endpointHash(Endpoint e) {
        int h = e.connection().hashCode();
        h = h * 31 + e.assembler().hashCode();
        h = h * 31 + e.streams().hashCode();
        h = h * 31 + Objects.hashCode(e.pinger());
        h = h * 31 + Objects.hashCode(e.enforcer());
        h = h * 31 + Objects.hashCode(e.manager());
        for (Map.Entry<Integer, OutboundQueue> q : e.outbound().entrySet()) {
            h = h * 31 + q.getKey();
            h = h * 31 + queueHash(q.getValue());
        }
        h = h * 31 + e.sendCursor();
        h = h * 31 + e.pingsOutstanding().hashCode();
        h = h * 31 + e.guard().hashCode();
        return h * 31 + e.activeReported();
    }

    private static int queueHash(OutboundQueue q) {
        int h = q.headOffset() * 31 + q.bytes();
        for (OutboundQueue.Item it : q.items()) {
            if (it instanceof OutboundQueue.Data d) h = h * 31 + d.data().length() * 2 + (d.endStream() ? 1 : 0);
            else h = h * 31 + it.hashCode();
        }
        return h;
    }

    static int itemHash(Item it) {
        if (it instanceof Item.FrameItem f && f.frame() instanceof DataFrame d) {
            return ((d.streamId() * 31 + d.data().length()) * 31 + d.padLength()) * 2 + (d.endStream() ? 1 : 0);
        }
        return it.hashCode();
    }
}
