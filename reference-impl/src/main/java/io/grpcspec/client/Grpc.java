package io.grpcspec.client;

import io.grpcspec.spec.channel.ConnectivityState;
import io.grpcspec.spec.grpc.StatusCode;

/** The client's entry point: {@code Channel ch = Grpc.dial("dns:///localhost:50051", DialOptions.insecure());}. */
public final class Grpc {
    private Grpc() {}

    /**
     * Dials {@code target} (gRPC naming: {@code host:port}, {@code dns:///host:port},
     * {@code passthrough:///host:port}, {@code unix:path}, or any scheme registered with
     * {@link DialOptions#withResolver}) with the options applied in order over
     * {@link DialOptions#defaults()}. Without {@link DialOptions#withBlock} it returns at once and
     * connects in the background; with it, it returns once the channel is READY.
     *
     * @throws DialException INVALID_ARGUMENT for a bad target; for a blocking dial, UNAVAILABLE
     *     when the channel did not become READY in time (the channel is closed then)
     */
    public static Channel dial(String target, DialOption... options) throws DialException, InterruptedException {
        DialOptions o = DialOptions.defaults().apply(options);
        TargetResult<Target> parsed = o.resolvers().parse(target);
        if (!parsed.isOk()) throw new DialException(parsed.error());
        Target t = parsed.value();
        Resolver resolver = o.resolvers().get(t.scheme());
        if (resolver == null) {
            throw new DialException(new TargetError(TargetError.Kind.NO_RESOLVER, target, "no resolver for scheme \"" + t.scheme() + "\""));
        }
        if (BuiltInResolvers.isBuiltIn(resolver)) {
            // A built-in scheme's address form is known now: a bad port or path fails the dial
            // with the exact problem rather than as a resolution failure later.
            TargetResult<TargetAddress> address = t.address();
            if (!address.isOk()) throw new DialException(address.error());
        }
        String authority = o.authority() != null ? o.authority() : t.defaultAuthority();
        Channel ch = new Channel(t, resolver, authority, o);
        ch.start();
        if (o.blockTimeout() != null) {
            boolean ready = ch.awaitReady(o.blockTimeout());
            if (!ready) {
                ConnectivityState st = ch.state();
                String why = ch.runtime().lastFailure();
                ch.close();
                throw new DialException(StatusCode.UNAVAILABLE, "channel to " + t + " not READY within "
                        + o.blockTimeout().toMillis() + " ms (last state " + st + (why.isEmpty() ? "" : "; " + why) + ")");
            }
        }
        return ch;
    }
}
