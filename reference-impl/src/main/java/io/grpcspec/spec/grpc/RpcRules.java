package io.grpcspec.spec.grpc;

import io.grpcspec.wire.Rule;

/** Rules of area RPC. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class RpcRules {
    private RpcRules() {}
}
