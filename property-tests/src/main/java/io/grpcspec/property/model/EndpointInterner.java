package io.grpcspec.property.model;

import io.grpcspec.spec.driver.DriverState;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Hash-consing of driver states: equal states reached along different paths become one
 * instance. Worlds then share them, so comparing two worlds (the visited-set check on every
 * transition) meets identical references and skips the deep comparison, and memory holds each
 * distinct state once. The hash of each canonical state is remembered too.
 */
final class EndpointInterner {

    private record Key(DriverState state, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.state.equals(state);
        }
    }

    private final Map<Key, DriverState> canonical = new HashMap<>();
    private final Map<DriverState, Integer> hashes = new IdentityHashMap<>();

    /** The canonical instance equal to {@code s}. */
    DriverState intern(DriverState s) {
        if (hashes.containsKey(s)) return s;
        int h = WorldKey.driver(s);
        DriverState c = canonical.putIfAbsent(new Key(s, h), s);
        if (c == null) {
            hashes.put(s, h);
            return s;
        }
        return c;
    }

    /** The hash of an interned state (computed afresh for one that is not). */
    int hash(DriverState s) {
        Integer h = hashes.get(s);
        return h != null ? h : WorldKey.driver(s);
    }
}
