package io.grpcspec.property.model.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.property.model.ExplorationResult;
import io.grpcspec.property.model.Explorer;
import io.grpcspec.property.model.ModelCheck;
import io.grpcspec.property.model.TransitionSystem;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.testing.Checks;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The exhaustive model check of calls: under the CI call bounds ({@link CallBounds#CI}, or the one
 * named by {@code -Dgrpcspec.modelcheck.bound} when it is a call bound) every reachable state of
 * the real call machines over the real endpoints passes {@link CallModel}'s checks, and the bounds
 * reach the endings they are there for.
 */
class CallModelCheckTest {

    @Test
    @Checks({"RPC-24", "RPC-25", "RPC-26", "RPC-27", "RPC-28", "RPC-38", "RPC-39"})
    void ciCallBoundsHaveNoViolations() {
        String chosen = System.getProperty(ModelCheck.BOUND_PROPERTY);
        List<String> names = chosen != null && CallBounds.NAMED.containsKey(chosen) ? List.of(chosen) : CallBounds.CI;
        for (String name : names) {
            CallBounds b = CallBounds.named(name);
            ExplorationResult r = new Explorer<>(new CallModel(b), b.name()).progress(System.out, 10).run();
            System.out.println(r.summary());
            assertEquals(0, r.violations().size(), () -> r.violations().get(0).render());
            assertTrue(r.complete(), "the bound was explored completely");
            assertTrue(r.depth() > 20, "deep enough to finish calls: " + r.depth());
        }
    }

    /** ci-grpc ends calls every way it is meant to: OK, the server's error, a cancel, the deadline. */
    @Test
    void theCallBoundReachesEveryEnding() {
        Seen seen = explore(CallBounds.named("ci-grpc"));
        assertEquals(EnumSet.of(StatusCode.OK, StatusCode.ABORTED, StatusCode.CANCELLED, StatusCode.DEADLINE_EXCEEDED), seen.client,
                "client statuses reached");
        assertTrue(seen.creditWaited, "a response message waited for credit the client returned on reading it");
    }

    /** ci-grpc-goaway reaches a transparent retry (RPC-28): a stream the server's GOAWAY says it never processed. */
    @Test
    void theGoAwayBoundRetriesTransparently() {
        Seen seen = explore(CallBounds.named("ci-grpc-goaway"));
        assertTrue(seen.retried, "a call was abandoned for a transparent retry and failed to find another connection");
        assertTrue(seen.client.contains(StatusCode.OK), "and calls still complete around the shutdown: " + seen.client);
    }

    /** What the reachable states of a bound show. */
    private static final class Seen {
        final Set<StatusCode> client = EnumSet.noneOf(StatusCode.class);
        boolean retried;
        boolean creditWaited;
    }

    private static Seen explore(CallBounds b) {
        Seen seen = new Seen();
        CallModel model = new CallModel(b);
        TransitionSystem<CallWorld> watched = new TransitionSystem<>() {
            @Override
            public List<CallWorld> initial() {
                return model.initial();
            }

            @Override
            public List<Edge<CallWorld>> successors(CallWorld s) throws Broken {
                return model.successors(s);
            }

            @Override
            public String invariant(CallWorld s) {
                Status st = s.app().status();
                if (st != null) {
                    seen.client.add(st.code());
                    if (st.code() == StatusCode.UNAVAILABLE && st.message().contains("no other connection")) seen.retried = true;
                }
                if (s.call().inbox().delivering() && s.client().endpoint().pendingBytes(0) == 0) {
                    for (var ss : s.servers()) if (s.server().endpoint().pendingBytes(ss.streamId()) > 0) seen.creditWaited = true;
                }
                return model.invariant(s);
            }

            @Override
            public String deadlock(CallWorld s) {
                return model.deadlock(s);
            }
        };
        ExplorationResult r = new Explorer<>(watched, b.name()).run();
        assertEquals(0, r.violations().size(), () -> r.violations().get(0).render());
        return seen;
    }
}
