package io.grpcspec.spec.keepalive;

import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Step;
import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.PingFrame;

/**
 * The server's defence against clients that ping too often (gRFC A8 "Server Enforcement").
 * A PING that comes sooner than the policy allows after the last valid PING is a strike; the
 * third strike since the server last sent HEADERS or DATA ends the connection with GOAWAY
 * ENHANCE_YOUR_CALM "too_many_pings".
 *
 * <p>Only PINGs that were not strikes move the reference time (as in gRFC A8's algorithm and
 * grpc-java; grpc-go moves it on every PING): see spec/keepalive.md for why.
 *
 * <p>Answering the PING is {@link PingResponder}'s job; this machine only judges it.
 */
public final class PingEnforcer {
    private PingEnforcer() {}

    /** A fresh connection: no strikes, the first PING is accepted whatever its timing. */
    public static EnforcerState start(EnforcementPolicy policy) {
        return new EnforcerState(policy, EnforcerState.Phase.ENFORCING, 0, 0, EnforcerState.NO_VALID_PING);
    }

    @Enforces("KA-12")
    public static Step<EnforcerState> step(EnforcerState s, KeepaliveEvent e) {
        if (s.phase() == EnforcerState.Phase.CLOSED) return Step.next(s);
        return switch (e) {
            case KeepaliveEvent.Closed c -> Step.next(s.withPhase(EnforcerState.Phase.CLOSED));
            case KeepaliveEvent.ActiveStreams a -> Step.next(s.withActiveStreams(a.active()));
            // KA_12: a client may ping in answer to what we send (BDP probes, latency checks).
            case KeepaliveEvent.FrameSent f -> KeepaliveEvent.isHeadersOrData(f.frame())
                    ? Step.next(s.withStrikes(0).withLastValidPing(EnforcerState.NO_VALID_PING)) : Step.next(s);
            case KeepaliveEvent.FrameReceived f -> f.frame() instanceof PingFrame p && !p.ack() ? onPing(s, f.nowNanos()) : Step.next(s);
            case KeepaliveEvent.TimerFired t -> Step.next(s); // the enforcer arms no timer
        };
    }

    @Enforces("KA-11")
    private static Step<EnforcerState> onPing(EnforcerState s, long now) {
        long minInterval = s.policy().minIntervalWith(s.activeStreams());
        boolean valid = s.lastValidPingNanos() == EnforcerState.NO_VALID_PING
                || now - s.lastValidPingNanos() >= minInterval;
        if (valid) return Step.next(s.withLastValidPing(now));
        int strikes = s.strikes() + 1;
        if (strikes <= EnforcementPolicy.MAX_PING_STRIKES) return Step.next(s.withStrikes(strikes));
        // KA_11: third strike. The rule named in the GOAWAY action is the one the client broke.
        Rule broken = s.activeStreams() == 0 && !s.policy().permitWithoutStream()
                ? KeepaliveRules.KA_10 : KeepaliveRules.KA_9;
        return Step.next(s.withStrikes(strikes).withPhase(EnforcerState.Phase.CLOSED),
                new KeepaliveAction.GoAway(ErrorCode.ENHANCE_YOUR_CALM, PingerConfig.TOO_MANY_PINGS, broken),
                new Actions.CloseConnection("too_many_pings: strike " + strikes + ", a PING within "
                        + Durations.format(minInterval) + " of the last valid one"));
    }
}
