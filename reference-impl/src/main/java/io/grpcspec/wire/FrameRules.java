package io.grpcspec.wire;

import io.grpcspec.wire.Rule;

/** Rules of area FR. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class FrameRules {
    private FrameRules() {}
}
