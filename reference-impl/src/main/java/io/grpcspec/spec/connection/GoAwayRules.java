package io.grpcspec.spec.connection;

import io.grpcspec.wire.Rule;

/** Rules of area GA. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class GoAwayRules {
    private GoAwayRules() {}
}
