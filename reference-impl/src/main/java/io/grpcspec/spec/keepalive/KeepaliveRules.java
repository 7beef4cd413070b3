package io.grpcspec.spec.keepalive;

import io.grpcspec.wire.Rule;

/** Rules of area KA. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class KeepaliveRules {
    private KeepaliveRules() {}
}
