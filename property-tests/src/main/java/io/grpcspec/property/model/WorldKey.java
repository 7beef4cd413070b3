package io.grpcspec.property.model;

import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.OutboundQueue;
import io.grpcspec.wire.DataFrame;
import java.util.List;
import java.util.Map;

/**
 * A {@link World} as a visited-set key: equality is the world's own value equality, but the
 * hash skips the content of DATA payloads and queued message bytes (13 KB of zeros per unit,
 * which otherwise dominate the run time: {@code Arrays.hashCode} was 85% of the samples) and
 * the endpoint configurations (the same two instances in every state). HPACK tables hash by
 * their cached value hash. Equal worlds still hash equally, since equal payloads have equal
 * lengths; the rare hash collision only costs an {@code equals}.
 */
final class WorldKey {
    private final World world;
    private final int hash;

    WorldKey(World w) {
        this(w, driver(w.clientDriver()), driver(w.serverDriver()));
    }

    /** With the driver states' hashes already known (see {@link EndpointInterner}). */
    WorldKey(World w, int clientHash, int serverHash) {
        this.world = w;
        long h = mix(clientHash);
        h = mix(h ^ serverHash);
        h = mix(h ^ pipe(w.toServer()));
        h = mix(h ^ pipe(w.toClient()));
        h = mix(h ^ w.script().hashCode());
        this.hash = (int) (h ^ (h >>> 32));
    }

    /** A 64-bit multiply-xorshift step: spreads the weak 31-multiplier hashes of the records. */
    private static long mix(long h) {
        h *= 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    /** A driver state: its machine, both HPACK states and the armed timers. */
    static int driver(DriverState d) {
        int h = endpoint(d.endpoint());
        h = h * 31 + d.encoder().hashCode();
        h = h * 31 + d.decoder().hashCode();
        return h * 31 + d.timers().hashCode();
    }

    static int endpoint(Endpoint e) {
        int h = e.connection().hashCode();
        h = h * 31 + e.assembler().hashCode();
        h = h * 31 + e.streams().hashCode();
        h = h * 31 + java.util.Objects.hashCode(e.pinger());
        h = h * 31 + java.util.Objects.hashCode(e.enforcer());
        h = h * 31 + java.util.Objects.hashCode(e.manager());
        for (Map.Entry<Integer, OutboundQueue> q : e.outbound().entrySet()) {
            h = h * 31 + q.getKey();
            h = h * 31 + queue(q.getValue());
        }
        h = h * 31 + e.sendCursor();
        h = h * 31 + e.pingsOutstanding().hashCode();
        h = h * 31 + e.guard().hashCode();
        return h * 31 + e.activeReported();
    }

    private static int queue(OutboundQueue q) {
        int h = q.headOffset() * 31 + q.bytes();
        for (OutboundQueue.Item it : q.items()) {
            if (it instanceof OutboundQueue.Data d) h = h * 31 + d.data().length() * 2 + (d.endStream() ? 1 : 0);
            else h = h * 31 + it.hashCode();
        }
        return h;
    }

    private static int pipe(List<Item> items) {
        int h = 1;
        for (Item it : items) {
            if (it instanceof Item.FrameItem f && f.frame() instanceof DataFrame d) {
                h = h * 31 + ((d.streamId() * 31 + d.data().length()) * 31 + d.padLength()) * 2 + (d.endStream() ? 1 : 0);
            } else {
                h = h * 31 + it.hashCode();
            }
        }
        return h;
    }

    World world() {
        return world;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorldKey k && k.hash == hash && k.world.equals(world);
    }
}
