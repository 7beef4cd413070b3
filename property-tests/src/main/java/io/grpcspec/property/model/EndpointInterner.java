package io.grpcspec.property.model;

import io.grpcspec.spec.endpoint.Endpoint;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Hash-consing of endpoint states: equal endpoints reached along different paths become one
 * instance. Worlds then share endpoint objects, so comparing two worlds (the visited-set check
 * on every transition) meets identical references and skips the deep comparison, and memory
 * holds each distinct endpoint once. The hash of each canonical endpoint is remembered too.
 */
final class EndpointInterner {

    private record Key(Endpoint endpoint, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.endpoint.equals(endpoint);
        }
    }

    private final Map<Key, Endpoint> canonical = new HashMap<>();
    private final Map<Endpoint, Integer> hashes = new IdentityHashMap<>();

    /** The canonical instance equal to {@code e}. */
    Endpoint intern(Endpoint e) {
        if (hashes.containsKey(e)) return e;
        int h = WorldKey.endpoint(e);
        Endpoint c = canonical.putIfAbsent(new Key(e, h), e);
        if (c == null) {
            hashes.put(e, h);
            return e;
        }
        return c;
    }

    /** The hash of an interned endpoint (computed afresh for one that is not). */
    int hash(Endpoint e) {
        Integer h = hashes.get(e);
        return h != null ? h : WorldKey.endpoint(e);
    }
}
