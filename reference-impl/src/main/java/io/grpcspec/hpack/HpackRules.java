package io.grpcspec.hpack;

import io.grpcspec.wire.Rule;

/** Rules of area HP. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class HpackRules {
    private HpackRules() {}
}
