package io.grpcspec.property.composed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.property.engine.Context;
import io.grpcspec.property.engine.Result;
import io.grpcspec.property.model.Bounds;
import io.grpcspec.property.model.ConnectionModel;
import io.grpcspec.property.model.Driver;
import io.grpcspec.property.model.ExplorationResult;
import io.grpcspec.property.model.Explorer;
import io.grpcspec.property.model.Timing;
import io.grpcspec.property.model.call.CallBounds;
import io.grpcspec.property.model.call.CallMachines;
import io.grpcspec.property.model.call.CallModel;
import io.grpcspec.property.model.zoo.CallFault;
import io.grpcspec.property.model.channel.ChannelBounds;
import io.grpcspec.property.model.channel.ChannelModel;
import io.grpcspec.property.model.zoo.ChannelFault;
import io.grpcspec.property.model.zoo.Fault;
import io.grpcspec.testing.Checks;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Proof that the checks have teeth: every seeded fault ({@link Fault}: a variant of the
 * endpoint machine or of the driver; {@link CallFault}: a variant of a call machine;
 * {@link ChannelFault}: a variant of the subchannel machine) that changes
 * real behaviour is caught by the model
 * checker's general checks (a violation the other endpoint reports, a broken invariant, a
 * deadlock, an unfair timeout) or by a behavioural property, and never by a detector that
 * expects the rule the fault breaks. The same detectors pass on the real driver, so it is the
 * fault that is caught, not the detector that is broken. Prints one line per fault and
 * {@code bug-zoo: <caught>/<total> seeded faults caught}.
 */
class BugZooTest {

    /** Small bounds aimed at one feature each. */
    static final Bounds FLOW = new Bounds("zoo-flow", 1, 1, 1, 1, List.of(0, 2), 1, 0, 0, 0, 2, 0, false);
    static final Bounds RESETS = new Bounds("zoo-resets", 1, 1, 1, 1, List.of(1), 0, 0, 1, 0, 2, 0, false);
    static final Bounds SETTINGS = new Bounds("zoo-settings", 1, 1, 2, 1, List.of(0, 2), 1, 0, 0, 0, 2, 0, false);
    static final Bounds PING = new Bounds("zoo-ping", 0, 1, 1, 1, List.of(1), 0, 1, 0, 0, 2, 0, false);
    static final Bounds SHUTDOWN = new Bounds("zoo-shutdown", 1, 1, 1, 1, List.of(1), 0, 0, 0, 1, 2, 0, false);
    static final Bounds CONCURRENCY = new Bounds("zoo-concurrency", 2, 1, 1, 1, List.of(1), 0, 0, 0, 0, 2, 1, false);
    static final Bounds STREAMS = new Bounds("zoo-streams", 2, 1, 1, 1, List.of(1), 0, 0, 0, 0, 2, 0, false);
    static final Bounds HPACK = new Bounds("zoo-hpack", 2, 1, 1, 1, List.of(1), 1, 0, 0, 0, 2, 0, false)
            .withHeaderTableChoices(List.of(0L));
    static final Bounds DISCARD = new Bounds("zoo-discard", 2, 1, 1, 1, List.of(1), 0, 0, 1, 0, 2, 0, false);
    static final Bounds KEEPALIVE = new Bounds("zoo-keepalive", 0, 1, 1, 1, List.of(1), 0, 0, 0, 0, 2, 0, true)
            .withTimers(6, Timing.KEEPALIVE);
    static final Bounds LIMITS = new Bounds("zoo-limits", 1, 1, 1, 1, List.of(1), 0, 0, 0, 0, 2, 0, true)
            .withTimers(4, Timing.LIMITS);

    /** Calls: two request messages (a 16-byte window holds one), a response message, a cancel, an early error, a deadline. */
    static final CallBounds CALLS = new CallBounds("zoo-calls", 2, 1, 4, 16, 5_000_000_000L, 1, 1, 0, 1);

    /** A model check of the calls under {@link #CALLS} with {@code machines}: any counterexample is a detection. */
    static String detectInCalls(CallMachines machines) {
        ExplorationResult r = new Explorer<>(new CallModel(CALLS, machines), CALLS.name()).run();
        if (r.violations().isEmpty()) return null;
        var c = r.violations().get(0);
        return "model check " + CALLS.name() + ": " + c.kind() + " after " + c.steps().size() + " steps: " + c.problem();
    }

    /** A model check of each CI channel bound with {@code subchannels}: the first counterexample is a detection. */
    static String detectInChannels(ChannelModel.Subchannels subchannels) {
        for (String name : ChannelBounds.CI) {
            ExplorationResult r = new Explorer<>(new ChannelModel(ChannelBounds.named(name), subchannels), name).run();
            if (r.violations().isEmpty()) continue;
            var c = r.violations().get(0);
            return "model check " + name + ": " + c.kind() + " after " + c.steps().size() + " steps: " + c.problem();
        }
        return null;
    }

    /** How a fault is detected: a one-line description of the detection, or null if missed. */
    interface Detector {
        String detect(Driver driver);
    }

    /** A model check of {@code b}: any counterexample (violation, invariant, deadlock) is a detection. */
    record ModelCheck(Bounds b) implements Detector {
        @Override
        public String detect(Driver driver) {
            ExplorationResult r = new Explorer<>(new ConnectionModel(b, driver), b.name()).run();
            if (r.violations().isEmpty()) return null;
            var c = r.violations().get(0);
            return "model check " + b.name() + ": " + c.kind() + " after " + c.steps().size() + " steps: " + c.problem();
        }
    }

    /** The ping-strike property: a client within the strike allowance is never told ENHANCE_YOUR_CALM. */
    record Pings() implements Detector {
        @Override
        public String detect(Driver driver) {
            Result<Context> r = PingStrikePropertyTest.run(driver, 200, false);
            return r.passed() ? null : "property 'pings within the strike allowance' failed: " + firstLine(String.valueOf(r.failure().error().getMessage()));
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static final Map<Fault, Detector> DETECTORS = new EnumMap<>(Fault.class);

    static {
        DETECTORS.put(Fault.WINDOW_UPDATE_INCREMENT_DOUBLED, new ModelCheck(FLOW));
        DETECTORS.put(Fault.CONNECTION_CREDIT_KEPT_FOR_CLOSED_STREAMS, new ModelCheck(RESETS));
        DETECTORS.put(Fault.INITIAL_WINDOW_DELTA_NOT_APPLIED, new ModelCheck(SETTINGS));
        DETECTORS.put(Fault.SETTINGS_APPLIED_BEFORE_ACK, new ModelCheck(SETTINGS));
        DETECTORS.put(Fault.STREAM_LIVES_ON_AFTER_RST_STREAM, new ModelCheck(RESETS));
        DETECTORS.put(Fault.SETTINGS_ACK_NOT_SENT, new ModelCheck(FLOW));
        DETECTORS.put(Fault.PING_ACK_NOT_SENT, new ModelCheck(PING));
        DETECTORS.put(Fault.PING_STRIKES_NEVER_RESET, new Pings());
        DETECTORS.put(Fault.PING_PERMIT_TIME_OFF_BY_ONE, new ModelCheck(KEEPALIVE));
        DETECTORS.put(Fault.GOAWAY_LAST_STREAM_ID_ONE_SHORT, new ModelCheck(SHUTDOWN));
        DETECTORS.put(Fault.PEER_MAX_CONCURRENT_STREAMS_IGNORED, new ModelCheck(CONCURRENCY));
        DETECTORS.put(Fault.IDLE_TIMER_NOT_STOPPED_BY_CALLS, new ModelCheck(LIMITS));
        DETECTORS.put(Fault.KEEPALIVE_NOT_REARMED_AFTER_ACK, new ModelCheck(KEEPALIVE));
        DETECTORS.put(Fault.KEEPALIVE_TIMEOUT_NOT_CANCELLED, new ModelCheck(KEEPALIVE));
        DETECTORS.put(Fault.AGE_GRACE_EXPIRY_IGNORED, new ModelCheck(LIMITS));
        DETECTORS.put(Fault.STREAM_ID_OFF_BY_ONE, new ModelCheck(STREAMS));
        DETECTORS.put(Fault.HPACK_TABLE_SIZE_UPDATE_DROPPED, new ModelCheck(HPACK));
        DETECTORS.put(Fault.TRAILERS_OVERTAKE_DATA, new ModelCheck(FLOW));
        DETECTORS.put(Fault.DISCARDED_BLOCK_NOT_DECODED, new ModelCheck(DISCARD));
        DETECTORS.put(Fault.TIMERS_KEPT_AFTER_CLOSE, new ModelCheck(SHUTDOWN));
        DETECTORS.put(Fault.CANCEL_TIMER_IGNORED, new ModelCheck(FLOW));
    }

    @Test
    @Checks({"FC-5", "FC-9", "FC-10", "STR-13", "STR-14", "GA-7", "KA-4", "KA-9", "KA-12", "KA-13", "KA-15", "HP-11"})
    void everySeededFaultIsCaught() {
        assertEquals(Fault.values().length, DETECTORS.size(), "every fault has a detector");
        assertTrue(Fault.values().length >= 16, "at least 16 seeded endpoint faults");
        assertTrue(CallFault.values().length >= 4, "at least 4 seeded call faults");
        int total = Fault.values().length + CallFault.values().length + ChannelFault.values().length;
        List<String> missed = new ArrayList<>();
        int caught = 0;
        for (Fault f : Fault.values()) {
            String how = DETECTORS.get(f).detect(f.driver());
            if (how != null) {
                caught++;
                System.out.println("bug-zoo: caught " + f + " (" + f.description() + ") by " + how);
            } else {
                missed.add(f.toString());
                System.out.println("bug-zoo: MISSED " + f + " (" + f.description() + ")");
            }
        }
        for (CallFault f : CallFault.values()) {
            String how = detectInCalls(f);
            if (how != null) {
                caught++;
                System.out.println("bug-zoo: caught " + f + " (" + f.description() + ") by " + how);
            } else {
                missed.add(f.toString());
                System.out.println("bug-zoo: MISSED " + f + " (" + f.description() + ")");
            }
        }
        for (ChannelFault f : ChannelFault.values()) {
            String how = detectInChannels(f);
            if (how != null) {
                caught++;
                System.out.println("bug-zoo: caught " + f + " (" + f.description() + ") by " + how);
            } else {
                missed.add(f.toString());
                System.out.println("bug-zoo: MISSED " + f + " (" + f.description() + ")");
            }
        }
        System.out.println("bug-zoo: " + caught + "/" + total + " seeded faults caught");
        assertEquals(total, caught, "missed: " + missed);
    }

    /** The detectors find nothing on the real driver and machine: what they catch is the fault. */
    @Test
    void detectorsPassOnTheRealDriver() {
        Set<Detector> distinct = new LinkedHashSet<>(DETECTORS.values());
        for (Detector d : distinct) assertNull(d.detect(Driver.REAL), d.toString());
        assertNull(detectInCalls(CallMachines.REAL), "the call model check on the real call machines");
        assertNull(detectInChannels(ChannelModel.Subchannels.REAL), "the channel model check on the real subchannel machine");
    }
}
