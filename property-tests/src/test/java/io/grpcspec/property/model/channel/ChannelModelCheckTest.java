package io.grpcspec.property.model.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.property.model.ExplorationResult;
import io.grpcspec.property.model.Explorer;
import io.grpcspec.property.model.ModelCheck;
import io.grpcspec.property.model.TransitionSystem;
import io.grpcspec.spec.Timer;
import io.grpcspec.testing.Checks;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The exhaustive model check of the channel machines: under the CI channel bounds
 * ({@link ChannelBounds#CI}, or the one named by {@code -Dgrpcspec.modelcheck.bound} when it is a
 * channel bound) every reachable state of real subchannels under pick_first and round_robin
 * passes {@link ChannelModel}'s checks, and the bounds reach what they are there for.
 */
class ChannelModelCheckTest {

    @Test
    @Checks({"CH-1", "CH-4", "CH-5", "CH-6", "CH-7", "CH-8", "CH-10", "CH-11", "CH-12", "CH-13", "CH-14", "CH-15"})
    void ciChannelBoundsHaveNoViolations() {
        String chosen = System.getProperty(ModelCheck.BOUND_PROPERTY);
        List<String> names = chosen != null && ChannelBounds.NAMED.containsKey(chosen) ? List.of(chosen) : ChannelBounds.CI;
        for (String name : names) {
            Seen seen = explore(ChannelBounds.named(name));
            assertEquals(EnumSet.of(Timer.CONNECT_TIMEOUT, Timer.RECONNECT_BACKOFF), seen.fired, name + ": timers fired");
            Set<String> want = name.contains("pick") ? Set.of("CONNECTING->READY", "CONNECTING->TRANSIENT_FAILURE",
                    "TRANSIENT_FAILURE->READY", "READY->IDLE", "IDLE->CONNECTING")
                    : Set.of("CONNECTING->READY", "CONNECTING->TRANSIENT_FAILURE", "TRANSIENT_FAILURE->READY", "READY->CONNECTING");
            assertTrue(seen.published.containsAll(want), name + ": published changes " + seen.published);
        }
    }

    /** What the explored transitions show. */
    private static final class Seen {
        final Set<Timer> fired = EnumSet.noneOf(Timer.class);
        final Set<String> published = new HashSet<>();
    }

    private static Seen explore(ChannelBounds b) {
        Seen seen = new Seen();
        ChannelModel model = new ChannelModel(b);
        TransitionSystem<ChannelWorld> watched = new TransitionSystem<>() {
            @Override
            public List<ChannelWorld> initial() {
                return model.initial();
            }

            @Override
            public List<Edge<ChannelWorld>> successors(ChannelWorld s) throws Broken {
                List<Edge<ChannelWorld>> out = model.successors(s);
                for (Edge<ChannelWorld> e : out) {
                    if (e.target().reported() != s.reported()) seen.published.add(s.reported() + "->" + e.target().reported());
                    for (Timer t : List.of(Timer.CONNECT_TIMEOUT, Timer.RECONNECT_BACKOFF)) {
                        if (e.label().toString().startsWith("fire " + t + " ")) seen.fired.add(t);
                    }
                }
                return out;
            }

            @Override
            public String invariant(ChannelWorld s) {
                return model.invariant(s);
            }

            @Override
            public String deadlock(ChannelWorld s) {
                return model.deadlock(s);
            }
        };
        ExplorationResult r = new Explorer<>(watched, b.name()).run();
        System.out.println(r.summary());
        assertEquals(0, r.violations().size(), () -> r.violations().get(0).render());
        assertTrue(r.complete(), "the bound was explored completely");
        return seen;
    }
}
