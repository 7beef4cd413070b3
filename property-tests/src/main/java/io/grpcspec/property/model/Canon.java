package io.grpcspec.property.model;

import io.grpcspec.spec.connection.ConnectionState;
import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.OutboundQueue;
import io.grpcspec.spec.stream.Stream;
import io.grpcspec.spec.stream.StreamTable;
import io.grpcspec.wire.DataFrame;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

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
 *
 * <p>A driver step changes a few parts of a state and shares the rest with the state before it
 * (the configurations, the settings, the HPACK tables, most streams are the very same objects),
 * so the deep hash remembers the hashes of the parts it met last, by identity, in a small
 * direct-mapped table: a part shared with a state hashed shortly before is not walked again.
 * The parts are immutable, so a remembered hash stays right; a part that lost its slot is
 * simply hashed again.
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

    private static final int PARTS = 1 << 14;
    /** Parts hashed lately and their hashes, by identity (see the class comment); each kind of part is always hashed by the same function. */
    private final Object[] parts = new Object[PARTS];
    private final int[] partHashes = new int[PARTS];

    /** The slot of {@code part} in the table of remembered hashes. */
    private int slotOf(Object part) {
        return System.identityHashCode(part) & (PARTS - 1);
    }

    /** {@code part.hashCode()}, remembered by identity. */
    private int memo(Object part) {
        if (part == null) return 0;
        int slot = slotOf(part);
        if (parts[slot] == part) return partHashes[slot];
        return remember(slot, part, part.hashCode());
    }

    private int remember(int slot, Object part, int hash) {
        parts[slot] = part;
        partHashes[slot] = hash;
        return hash;
    }

    /** A driver state: its machine, both HPACK states and the armed timers. */
    int driverHash(DriverState d) {
        int h = endpointHash(d.endpoint());
        h = h * 31 + memo(d.encoder());
        h = h * 31 + memo(d.decoder());
        return h * 31 + d.timers().hashCode();
    }

    int endpointHash(Endpoint e) {
        int h = connectionHash(e.connection());
        h = h * 31 + memo(e.assembler());
        h = h * 31 + tableHash(e.streams());
        h = h * 31 + memo(e.pinger());
        h = h * 31 + memo(e.enforcer());
        h = h * 31 + memo(e.manager());
        for (Map.Entry<Integer, OutboundQueue> q : e.outbound().entrySet()) {
            h = h * 31 + q.getKey();
            h = h * 31 + queueHash(q.getValue());
        }
        h = h * 31 + e.sendCursor();
        h = h * 31 + e.pingsOutstanding().hashCode();
        h = h * 31 + memo(e.guard());
        return h * 31 + e.activeReported();
    }

    /** The connection machine's state, from its parts (the configuration and the settings rarely change). */
    private int connectionHash(ConnectionState c) {
        int slot = slotOf(c);
        if (parts[slot] == c) return partHashes[slot];
        int h = memo(c.config());
        h = h * 31 + c.phase().ordinal();
        h = h * 31 + memo(c.settings());
        h = h * 31 + memo(c.goAway());
        return remember(slot, c, h);
    }

    /** The stream table, from its parts: the streams one by one, so a step that changes one stream hashes only that one. */
    private int tableHash(StreamTable t) {
        int slot = slotOf(t);
        if (parts[slot] == t) return partHashes[slot];
        int h = memo(t.config());
        h = h * 31 + memo(t.flow());
        h = h * 31 + streamsHash(t.streams());
        h = h * 31 + memo(t.closed());
        h = h * 31 + t.highestLocalId();
        h = h * 31 + t.highestPeerId();
        h = h * 31 + Long.hashCode(t.localMaxConcurrentStreams());
        h = h * 31 + Long.hashCode(t.peerMaxConcurrentStreams());
        return remember(slot, t, h);
    }

    /** As {@link Map#hashCode} defines it (the sum over entries of key ^ value), each stream's hash remembered. */
    private int streamsHash(Map<Integer, Stream> streams) {
        int slot = slotOf(streams);
        if (parts[slot] == streams) return partHashes[slot];
        int h = 0;
        for (Map.Entry<Integer, Stream> e : streams.entrySet()) h += e.getKey() ^ memo(e.getValue());
        return remember(slot, streams, h);
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
