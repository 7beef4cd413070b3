package io.grpcspec.spec.channel;

import io.grpcspec.wire.Rule;

/** Rules of area CH. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class ChannelRules {
    private ChannelRules() {}
}
