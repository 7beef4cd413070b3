package io.grpcspec.spec.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.testing.Checks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random walks over both call machines (fixed seed, so runs repeat) with the representative
 * events of the snapshot tables, driven the way the transport will drive them: a violation is
 * answered by a reset and a {@code ResetSent} event. Whatever the order, a call reports its
 * status once, sends nothing after it is closed, and never throws.
 */
class CallInvariantsTest {

    private static final int WALKS = 20_000;
    private static final int LENGTH = 12;

    private long seed = 0x5DEECE66DL;

    private int next(int bound) {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) ((seed >>> 33) % bound);
    }

    private static boolean sends(Action a) {
        return a instanceof CallActions.SendHeaders || a instanceof CallActions.SendMessage || a instanceof CallActions.SendEndStream
                || a instanceof CallActions.SendTrailers || a instanceof CallActions.SendRstStream;
    }

    private static boolean reachesApplication(Action a) {
        return a instanceof CallActions.DeliverRequest || a instanceof CallActions.DeliverResponseHeaders
                || a instanceof CallActions.DeliverMessage || a instanceof CallActions.DeliverHalfClose || a instanceof CallActions.Complete;
    }

    @Test
    @Checks({"RPC-22", "RPC-26"})
    void serverCallsEndOnceAndStaySilentAfterwards() {
        List<ServerCallEvent> events = new ArrayList<>(CallTablesTest.serverEvents().values());
        for (int w = 0; w < WALKS; w++) {
            ServerCall s = ServerCall.start(1, CallConfig.DEFAULT);
            int completes = 0;
            int resets = 0;
            boolean streamEndedByUs = false;
            List<String> trace = new ArrayList<>();
            for (int i = 0; i < LENGTH; i++) {
                ServerCallEvent e = events.get(next(events.size()));
                trace.add(e.getClass().getSimpleName());
                boolean wasClosed = s.phase() == ServerCall.Phase.CLOSED;
                Step<ServerCall> step = ServerCall.on(s, e);
                List<Action> actions = new ArrayList<>(step.actions());
                if (step.isViolation()) {
                    Violation v = step.violation();
                    resets++;
                    step = ServerCall.on(s, new ServerCallEvent.ResetSent(v.code(), v.detail()));
                    actions.addAll(step.actions());
                }
                for (Action a : actions) {
                    if (wasClosed) {
                        assertTrue(!sends(a) && !reachesApplication(a), trace + ": " + a + " after close");
                    }
                    if (a instanceof CallActions.Complete) completes++;
                    if (a instanceof CallActions.SendRstStream) resets++;
                    // RST_STREAM(NO_ERROR) after our trailers is the early-closure rule (RPC-26).
                    if (sends(a) && !(a instanceof CallActions.SendRstStream) && streamEndedByUs) throw new AssertionError(trace + ": " + a + " after our END_STREAM");
                    if (a instanceof CallActions.SendTrailers || a instanceof CallActions.SendHeaders h && h.endStream()) streamEndedByUs = true;
                }
                s = step.state();
                if (completes > 0) assertEquals(ServerCall.Phase.CLOSED, s.phase(), trace.toString());
            }
            assertTrue(completes <= 1, trace + ": " + completes + " completions");
            assertTrue(resets <= 1, trace + ": " + resets + " resets");
        }
    }

    @Test
    @Checks({"RPC-24", "RPC-27"})
    void clientCallsEndOnceAndStaySilentAfterwards() {
        List<ClientCallEvent> events = new ArrayList<>(CallTablesTest.clientEvents().values());
        for (int w = 0; w < WALKS; w++) {
            ClientCall s = ClientCall.create(1, CallConfig.DEFAULT);
            int completes = 0;
            int resets = 0;
            List<String> trace = new ArrayList<>();
            for (int i = 0; i < LENGTH; i++) {
                ClientCallEvent e = events.get(next(events.size()));
                trace.add(e.getClass().getSimpleName());
                boolean wasClosed = s.phase() == ClientCall.Phase.CLOSED;
                boolean wasLive = s.phase() != ClientCall.Phase.IDLE && !wasClosed;
                Step<ClientCall> step = ClientCall.on(s, e);
                List<Action> actions = new ArrayList<>(step.actions());
                if (step.isViolation()) {
                    Violation v = step.violation();
                    resets++;
                    step = ClientCall.on(s, new ClientCallEvent.ResetSent(v.code(), v.detail()));
                    actions.addAll(step.actions());
                }
                for (Action a : actions) {
                    if (wasClosed) assertTrue(!sends(a) && !reachesApplication(a), trace + ": " + a + " after close");
                    if (a instanceof CallActions.Complete) completes++;
                    if (a instanceof CallActions.SendRstStream) resets++;
                }
                s = step.state();
                if (wasLive && s.phase() == ClientCall.Phase.CLOSED) {
                    assertTrue(actions.stream().anyMatch(a -> a instanceof CallActions.Complete), trace + ": closed without a status");
                }
            }
            assertTrue(completes <= 1, trace + ": " + completes + " completions");
            assertTrue(resets <= 1, trace + ": " + resets + " resets");
        }
    }
}
