package io.grpcspec.spec.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.spec.health.HealthAction.CheckAnswered;
import io.grpcspec.spec.health.HealthAction.CheckFailed;
import io.grpcspec.spec.health.HealthAction.SendWatch;
import io.grpcspec.testing.Checks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure health machine: what Check answers, what Watch is sent and when, and a graceful stop. */
class HealthMachineTest {

    /** Runs {@code events} from {@code s}, collecting every action; the final state is in {@link #state}. */
    private HealthState state;

    private List<Action> run(HealthState s, HealthEvent... events) {
        List<Action> all = new java.util.ArrayList<>();
        for (HealthEvent e : events) {
            Step<HealthState> step = HealthMachine.step(s, e);
            assertFalse(step.isViolation(), e::toString);
            all.addAll(step.actions());
            s = step.state();
        }
        state = s;
        return all;
    }

    private static HealthState started() {
        return HealthMachine.start(List.of("a.Service"));
    }

    @Test
    @Checks({"HL-1"})
    void theWholeServerAndEveryRegisteredServiceStartServing() {
        HealthState s = HealthMachine.start(List.of("a.Service", "b.Service"));
        assertEquals(ServingStatus.SERVING, s.status(""));
        assertEquals(ServingStatus.SERVING, s.status("a.Service"));
        assertEquals(ServingStatus.SERVING, s.status("b.Service"));
        assertEquals(3, s.statuses().size());
        assertEquals(List.of(new CheckAnswered(ServingStatus.SERVING)), run(HealthMachine.start(List.of()), new HealthEvent.Check("")));
    }

    @Test
    @Checks({"HL-2"})
    void checkAnswersTheHeldStatusOrFailsNotFound() {
        assertEquals(List.of(new CheckAnswered(ServingStatus.SERVING)), run(started(), new HealthEvent.Check("a.Service")));
        assertEquals(List.of(new CheckAnswered(ServingStatus.NOT_SERVING)),
                run(started(), new HealthEvent.SetStatus("a.Service", ServingStatus.NOT_SERVING), new HealthEvent.Check("a.Service")));
        assertEquals(List.of(new CheckAnswered(ServingStatus.UNKNOWN)),
                run(started(), new HealthEvent.SetStatus("x", ServingStatus.UNKNOWN), new HealthEvent.Check("x")));
        List<Action> unknown = run(started(), new HealthEvent.Check("no.Such"));
        assertEquals(List.of(new CheckFailed(StatusCode.NOT_FOUND, "unknown service \"no.Such\"")), unknown);
        // A Check changes nothing.
        assertEquals(started(), state);
    }

    @Test
    @Checks({"HL-3"})
    void watchAnswersAtOnceAndSaysServiceUnknownForAServiceWithoutAStatus() {
        assertEquals(List.of(new SendWatch(1, ServingStatus.SERVING)), run(started(), new HealthEvent.WatchStarted(1, "a.Service")));
        assertEquals(List.of(new SendWatch(2, ServingStatus.SERVICE_UNKNOWN)), run(started(), new HealthEvent.WatchStarted(2, "later.Service")));
        // The call stays open: the watch is held, and a status set later reaches it.
        assertEquals(new HealthState.Watch("later.Service", ServingStatus.SERVICE_UNKNOWN), state.watches().get(2L));
        assertEquals(List.of(new SendWatch(2, ServingStatus.SERVICE_UNKNOWN), new SendWatch(2, ServingStatus.SERVING)),
                run(started(), new HealthEvent.WatchStarted(2, "later.Service"), new HealthEvent.SetStatus("later.Service", ServingStatus.SERVING)));
    }

    @Test
    @Checks({"HL-4"})
    void watchersHearOnlyChangesOfTheirOwnService() {
        List<Action> a = run(started(),
                new HealthEvent.WatchStarted(1, "a.Service"),
                new HealthEvent.WatchStarted(2, ""),
                new HealthEvent.SetStatus("a.Service", ServingStatus.SERVING),      // no change: nothing
                new HealthEvent.SetStatus("a.Service", ServingStatus.NOT_SERVING),  // watcher 1 only
                new HealthEvent.SetStatus("a.Service", ServingStatus.NOT_SERVING),  // no change again
                new HealthEvent.SetStatus("", ServingStatus.NOT_SERVING),           // watcher 2 only
                new HealthEvent.WatchEnded(1),
                new HealthEvent.SetStatus("a.Service", ServingStatus.SERVING));     // nobody watches it now
        assertEquals(List.of(
                new SendWatch(1, ServingStatus.SERVING),
                new SendWatch(2, ServingStatus.SERVING),
                new SendWatch(1, ServingStatus.NOT_SERVING),
                new SendWatch(2, ServingStatus.NOT_SERVING)), a);
        assertEquals(List.of(2L), List.copyOf(state.watches().keySet()));
    }

    @Test
    @Checks({"HL-5"})
    void aGracefulStopTurnsEveryHeldStatusNotServingForGood() {
        List<Action> a = run(started(),
                new HealthEvent.SetStatus("b.Service", ServingStatus.UNKNOWN),
                new HealthEvent.WatchStarted(1, "a.Service"),
                new HealthEvent.WatchStarted(2, "b.Service"),
                new HealthEvent.WatchStarted(3, "no.Such"),
                new HealthEvent.GracefulStop(),
                new HealthEvent.SetStatus("a.Service", ServingStatus.SERVING),
                new HealthEvent.ClearStatus("b.Service"),
                new HealthEvent.SetStatus("new.Service", ServingStatus.SERVING),
                new HealthEvent.GracefulStop());
        assertEquals(List.of(
                new SendWatch(1, ServingStatus.SERVING),
                new SendWatch(2, ServingStatus.UNKNOWN),
                new SendWatch(3, ServingStatus.SERVICE_UNKNOWN),
                new SendWatch(1, ServingStatus.NOT_SERVING),
                new SendWatch(2, ServingStatus.NOT_SERVING)), a);
        assertTrue(state.stopping());
        assertEquals(ServingStatus.NOT_SERVING, state.status(""));
        assertEquals(ServingStatus.NOT_SERVING, state.status("a.Service"));
        assertEquals(ServingStatus.NOT_SERVING, state.status("b.Service"));
        assertEquals(null, state.status("new.Service"));
        assertEquals(List.of(new CheckFailed(StatusCode.NOT_FOUND, "unknown service \"no.Such\"")),
                run(state, new HealthEvent.Check("no.Such")));
    }

    @Test
    @Checks({"HL-6"})
    void clearingAStatusMakesTheServiceUnknownAgain() {
        List<Action> a = run(started(),
                new HealthEvent.WatchStarted(1, "a.Service"),
                new HealthEvent.ClearStatus("a.Service"),
                new HealthEvent.ClearStatus("a.Service"),
                new HealthEvent.Check("a.Service"));
        assertEquals(List.of(
                new SendWatch(1, ServingStatus.SERVING),
                new SendWatch(1, ServingStatus.SERVICE_UNKNOWN),
                new CheckFailed(StatusCode.NOT_FOUND, "unknown service \"a.Service\"")), a);
    }

    @Test
    void serviceUnknownIsNotAStatusAnApplicationSets() {
        assertThrows(IllegalArgumentException.class, () -> new HealthEvent.SetStatus("a", ServingStatus.SERVICE_UNKNOWN));
    }

    @Test
    void wireNumbersAreTheProtoEnumNumbers() {
        assertEquals(0, ServingStatus.UNKNOWN.number());
        assertEquals(1, ServingStatus.SERVING.number());
        assertEquals(2, ServingStatus.NOT_SERVING.number());
        assertEquals(3, ServingStatus.SERVICE_UNKNOWN.number());
    }
}
