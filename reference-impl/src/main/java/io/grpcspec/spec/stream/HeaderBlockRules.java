package io.grpcspec.spec.stream;

import io.grpcspec.wire.Rule;

/** Rules of area HB. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class HeaderBlockRules {
    private HeaderBlockRules() {}
}
