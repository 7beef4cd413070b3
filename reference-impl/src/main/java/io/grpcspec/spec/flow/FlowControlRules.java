package io.grpcspec.spec.flow;

import io.grpcspec.wire.Rule;

/** Rules of area FC. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class FlowControlRules {
    private FlowControlRules() {}
}
