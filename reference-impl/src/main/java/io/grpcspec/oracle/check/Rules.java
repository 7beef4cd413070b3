package io.grpcspec.oracle.check;

import io.grpcspec.oracle.RuleCatalogue;
import io.grpcspec.spec.Rule;

/**
 * Rules by ID for the scenarios. The checker checks rules; it does not enforce them, so it names
 * them by ID rather than by the constants the enforcing code uses, and an unknown ID is a bug
 * found when the catalogue is built.
 */
final class Rules {
    private Rules() {}

    static Rule of(String id) {
        Rule r = RuleCatalogue.byId(id);
        if (r == null) throw new IllegalArgumentException("no rule " + id + " in the catalogue");
        return r;
    }
}
