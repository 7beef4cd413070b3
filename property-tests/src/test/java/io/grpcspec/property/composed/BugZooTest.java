package io.grpcspec.property.composed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.property.engine.Context;
import io.grpcspec.property.engine.Result;
import io.grpcspec.property.model.Bounds;
import io.grpcspec.property.model.ConnectionModel;
import io.grpcspec.property.model.ExplorationResult;
import io.grpcspec.property.model.Explorer;
import io.grpcspec.property.model.Machine;
import io.grpcspec.property.model.zoo.Fault;
import io.grpcspec.testing.Checks;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proof that the checks have teeth: every seeded fault ({@link Fault}) is caught, either by the
 * model checker (a violation, broken invariant or deadlock with its shortest trace) or by the
 * property that covers its rule; and the same detector passes on the real machine, so it is the
 * fault that is caught, not the detector that is broken. Prints one line per fault and
 * {@code bug-zoo: <caught>/<total> seeded faults caught}.
 */
class BugZooTest {

    /** Small bounds aimed at one feature each. */
    static final Bounds RESETS = new Bounds("zoo-resets", 1, 1, 1, 1, List.of(1), 0, 0, 1, 0, 2, 0, false);
    static final Bounds SETTINGS = new Bounds("zoo-settings", 1, 1, 2, 1, List.of(0, 2), 1, 0, 0, 0, 2, 0, false);
    static final Bounds LIMITS = new Bounds("zoo-limits", 2, 1, 1, 1, List.of(1), 0, 0, 0, 0, 2, 1, false);

    /** How a fault is detected: returns a one-line description of the detection, or null if missed. */
    interface Detector {
        String detect(Machine machine);
    }

    static Detector modelCheck(Bounds b) {
        return machine -> {
            ExplorationResult r = new Explorer<>(new ConnectionModel(b, machine), b.name()).run();
            if (r.violations().isEmpty()) return null;
            var c = r.violations().get(0);
            return "model check " + b.name() + ": " + c.kind() + " after " + c.steps().size() + " steps: " + c.problem();
        };
    }

    static Detector mutation(Mutation m) {
        return machine -> {
            Result<Context> r = MutationPropertyTest.detect(machine, m, 100, false);
            return r.passed() ? null : "property 'mutation " + m + " is detected' failed: " + firstLine(r.failure().error().getMessage());
        };
    }

    static Detector pings() {
        return machine -> {
            Result<Context> r = PingStrikePropertyTest.run(machine, 200, false);
            return r.passed() ? null : "property 'pings within the strike allowance' failed: " + firstLine(String.valueOf(r.failure().error().getMessage()));
        };
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static final Map<Fault, Detector> DETECTORS = new EnumMap<>(Fault.class);

    static {
        DETECTORS.put(Fault.CONNECTION_CREDIT_KEPT_FOR_CLOSED_STREAMS, modelCheck(RESETS));
        DETECTORS.put(Fault.INITIAL_WINDOW_DELTA_NOT_APPLIED, modelCheck(SETTINGS));
        DETECTORS.put(Fault.SETTINGS_APPLIED_BEFORE_ACK, modelCheck(SETTINGS));
        DETECTORS.put(Fault.STREAM_ID_MONOTONICITY_UNCHECKED, mutation(Mutation.REORDER_NEW_STREAMS));
        DETECTORS.put(Fault.CONTINUATION_INTERLEAVING_ALLOWED, mutation(Mutation.INTERLEAVE_HEADER_BLOCK));
        DETECTORS.put(Fault.WINDOW_UPDATE_ZERO_ACCEPTED, mutation(Mutation.WINDOW_UPDATE_ZERO));
        DETECTORS.put(Fault.PING_STRIKES_NEVER_RESET, pings());
        DETECTORS.put(Fault.GOAWAY_ID_INCREASE_ACCEPTED, mutation(Mutation.GOAWAY_INCREASE));
        DETECTORS.put(Fault.PADDING_NOT_COUNTED, mutation(Mutation.PADDING_EXCEEDS_WINDOW));
        DETECTORS.put(Fault.PEER_MAX_CONCURRENT_STREAMS_IGNORED, modelCheck(LIMITS));
        DETECTORS.put(Fault.DATA_AFTER_END_STREAM_ACCEPTED, mutation(Mutation.DUPLICATE_END_STREAM));
        DETECTORS.put(Fault.MAX_FRAME_SIZE_RANGE_UNCHECKED, mutation(Mutation.CORRUPT_SETTING));
    }

    @Test
    @Checks({"FC-1", "FC-4", "FC-5", "FC-9", "FC-10", "STR-10", "STR-13", "STR-14", "HB-1", "GA-5", "KA-12", "STR-2", "SET-6"})
    void everySeededFaultIsCaught() {
        assertEquals(Fault.values().length, DETECTORS.size(), "every fault has a detector");
        assertTrue(Fault.values().length >= 10);
        List<String> missed = new ArrayList<>();
        int caught = 0;
        for (Fault f : Fault.values()) {
            String how = DETECTORS.get(f).detect(f.machine());
            if (how != null) {
                caught++;
                System.out.println("bug-zoo: caught " + f + " (" + f.rule().id() + ", " + f.description() + ") by " + how);
            } else {
                missed.add(f.toString());
                System.out.println("bug-zoo: MISSED " + f + " (" + f.rule().id() + ", " + f.description() + ")");
            }
        }
        System.out.println("bug-zoo: " + caught + "/" + Fault.values().length + " seeded faults caught");
        assertEquals(Fault.values().length, caught, "missed: " + missed);
    }

    /** The detectors find nothing on the real machine: what they catch is the fault. */
    @Test
    void detectorsPassOnTheRealMachine() {
        for (Bounds b : List.of(RESETS, SETTINGS, LIMITS)) {
            String how = modelCheck(b).detect(Machine.REAL);
            assertEquals(null, how, b.name());
        }
        // the mutation and ping detectors run on the real machine in MutationPropertyTest / PingStrikePropertyTest
    }
}
