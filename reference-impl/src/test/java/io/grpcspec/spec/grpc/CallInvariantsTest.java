package io.grpcspec.spec.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.testing.Checks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random walks over both call machines (fixed seed, so runs repeat) with the representative
 * events of the snapshot tables, driven the way the drivers drive them: a violation is answered
 * by a reset and a {@code ResetSent} event, and the machine's requests are answered at once
 * (a stream opened or not, a transport picked or not, the method found or not, a delivered
 * message read or not). Whatever the order, a call reports its status once, sends nothing after
 * it is closed, hands over one message at a time, returns no more credit than it received, and
 * never throws.
 */
class CallInvariantsTest {

    private static final int WALKS = 20_000;
    private static final int LENGTH = 14;

    private long seed = 0x5DEECE66DL;

    private int next(int bound) {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) ((seed >>> 33) % bound);
    }

    private static boolean sends(Action a) {
        return switch ((CallAction) a) {
            case CallAction.OpenStream o -> true;
            case CallAction.SendHeaders h -> true;
            case CallAction.SendMessage m -> true;
            case CallAction.SendBody b -> true;
            case CallAction.SendEndStream e -> true;
            case CallAction.SendTrailers t -> true;
            case CallAction.SendRstStream r -> true;
            case CallAction.ArmDeadline d -> false;
            case CallAction.CancelDeadline d -> false;
            case CallAction.PickTransport p -> false;
            case CallAction.ReturnCredit c -> false;
            case CallAction.DeliverRequest r -> false;
            case CallAction.DeliverResponseHeaders h -> false;
            case CallAction.DeliverMessage m -> false;
            case CallAction.DeliverHalfClose h -> false;
            case CallAction.DeliverCancel c -> false;
            case CallAction.Complete c -> false;
            case CallAction.PeerFault f -> false;
            case CallAction.Refused r -> false;
        };
    }

    private static boolean reachesApplication(Action a) {
        return a instanceof CallAction.DeliverRequest || a instanceof CallAction.DeliverResponseHeaders
                || a instanceof CallAction.DeliverMessage || a instanceof CallAction.DeliverHalfClose
                || a instanceof CallAction.DeliverCancel || a instanceof CallAction.Complete;
    }

    /** The byte count of the DATA events in a walk, for the credit check. */
    private static int dataBytes(Object e) {
        if (e instanceof ServerCallEvent.DataReceived d) return d.payload().length();
        if (e instanceof ClientCallEvent.DataReceived d) return d.payload().length();
        return 0;
    }

    @Test
    @Checks({"RPC-22", "RPC-26", "RPC-36", "RPC-38", "RPC-39"})
    void serverCallsEndOnceAndStaySilentAfterwards() {
        List<ServerCallEvent> events = new ArrayList<>(CallTablesTest.serverEvents().values());
        // Driver answers arrive when asked for, not at random.
        events.removeIf(e -> e instanceof ServerCallEvent.MethodResolved || e instanceof ServerCallEvent.MethodUnknown
                || e instanceof ServerCallEvent.MessageDelivered || e instanceof ServerCallEvent.MessageUnreadable);
        for (int w = 0; w < WALKS; w++) {
            ServerCall s = ServerCall.start(1, CallConfig.DEFAULT);
            int completes = 0;
            int resets = 0;
            long received = 0;
            long credited = 0;
            boolean delivering = false;
            boolean halfClosed = false;
            boolean streamEndedByUs = false;
            List<String> trace = new ArrayList<>();
            for (int i = 0; i < LENGTH; i++) {
                ArrayDeque<ServerCallEvent> queue = new ArrayDeque<>();
                queue.add(events.get(next(events.size())));
                while (!queue.isEmpty()) {
                    ServerCallEvent e = queue.poll();
                    trace.add(e.getClass().getSimpleName());
                    boolean wasClosed = s.phase() == ServerCall.Phase.CLOSED;
                    Step<ServerCall> step = ServerCall.on(s, e);
                    if (step.isViolation()) {
                        Violation v = step.violation();
                        resets++;
                        queue.addFirst(new ServerCallEvent.ResetSent(v.code(), v.detail()));
                        continue;
                    }
                    received += dataBytes(e);
                    if (e instanceof ServerCallEvent.MessageDelivered || e instanceof ServerCallEvent.MessageUnreadable) delivering = false;
                    for (Action a : step.actions()) {
                        String at = trace + ": " + a;
                        if (wasClosed) assertTrue(!sends(a) && !reachesApplication(a), at + " after close");
                        switch (a) {
                            case CallAction.Complete c -> completes++;
                            case CallAction.SendRstStream r -> resets++;
                            case CallAction.ReturnCredit c -> credited += c.bytes();
                            case CallAction.DeliverRequest r -> {
                                boolean known = next(4) > 0;
                                queue.add(known ? new ServerCallEvent.MethodResolved(next(2) == 0)
                                        : new ServerCallEvent.MethodUnknown("unknown method"));
                                if (known) queue.add(new ServerCallEvent.RequestMessages(Long.MAX_VALUE));
                            }
                            case CallAction.DeliverMessage m -> {
                                assertTrue(!delivering, at + ": a second message before the first was answered");
                                assertTrue(!halfClosed, at + ": a message after the half-close");
                                delivering = true;
                                queue.add(next(8) > 0 ? new ServerCallEvent.MessageDelivered()
                                        : new ServerCallEvent.MessageUnreadable(Unreadable.UNPARSABLE, "junk"));
                            }
                            case CallAction.DeliverHalfClose h -> {
                                assertTrue(!delivering && !halfClosed, at + ": half-close while a message is out, or twice");
                                halfClosed = true;
                            }
                            default -> {}
                        }
                        // RST_STREAM(NO_ERROR) after our trailers is the early-closure rule (RPC-26).
                        if (sends(a) && !(a instanceof CallAction.SendRstStream) && streamEndedByUs) {
                            throw new AssertionError(at + " after our END_STREAM");
                        }
                        if (a instanceof CallAction.SendTrailers || a instanceof CallAction.SendBody
                                || a instanceof CallAction.SendHeaders h && h.endStream()) {
                            streamEndedByUs = true;
                        }
                    }
                    s = step.state();
                    if (completes > 0) assertEquals(ServerCall.Phase.CLOSED, s.phase(), trace.toString());
                }
            }
            assertTrue(completes <= 1, trace + ": " + completes + " completions");
            assertTrue(resets <= 1, trace + ": " + resets + " resets");
            assertTrue(credited <= received, trace + ": " + credited + " bytes credited of " + received);
        }
    }

    @Test
    @Checks({"RPC-24", "RPC-27", "RPC-28", "RPC-38", "RPC-39"})
    void clientCallsEndOnceAndStaySilentAfterwards() {
        List<ClientCallEvent> events = new ArrayList<>(CallTablesTest.clientEvents().values());
        events.removeIf(e -> e instanceof ClientCallEvent.StreamAssigned || e instanceof ClientCallEvent.StreamNotStarted
                || e instanceof ClientCallEvent.TransportPicked || e instanceof ClientCallEvent.PickFailed
                || e instanceof ClientCallEvent.PickTimedOut
                || e instanceof ClientCallEvent.MessageDelivered || e instanceof ClientCallEvent.MessageUnreadable);
        for (int w = 0; w < WALKS; w++) {
            ClientCall s = ClientCall.create(CallConfig.DEFAULT);
            int completes = 0;
            int resets = 0;
            int picks = 0;
            int nextStream = 1;
            long received = 0;
            long credited = 0;
            boolean delivering = false;
            List<String> trace = new ArrayList<>();
            for (int i = 0; i < LENGTH; i++) {
                ArrayDeque<ClientCallEvent> queue = new ArrayDeque<>();
                queue.add(events.get(next(events.size())));
                while (!queue.isEmpty()) {
                    ClientCallEvent e = queue.poll();
                    trace.add(e.getClass().getSimpleName());
                    boolean wasClosed = s.phase() == ClientCall.Phase.CLOSED;
                    boolean wasLive = s.phase().live() || s.phase() == ClientCall.Phase.DRAINING;
                    Step<ClientCall> step = ClientCall.on(s, e);
                    if (step.isViolation()) {
                        Violation v = step.violation();
                        resets++;
                        queue.addFirst(new ClientCallEvent.ResetSent(v.code(), v.detail()));
                        continue;
                    }
                    if (s.attempt() == ClientCall.Attempt.OPEN) received += dataBytes(e);
                    if (e instanceof ClientCallEvent.MessageDelivered || e instanceof ClientCallEvent.MessageUnreadable) delivering = false;
                    for (Action a : step.actions()) {
                        String at = trace + ": " + a;
                        if (wasClosed) assertTrue(!sends(a) && !reachesApplication(a), at + " after close");
                        switch (a) {
                            case CallAction.Complete c -> completes++;
                            case CallAction.SendRstStream r -> resets++;
                            case CallAction.ReturnCredit c -> credited += c.bytes();
                            case CallAction.OpenStream o -> queue.add(next(5) > 0 ? new ClientCallEvent.StreamAssigned(nextStream += 2)
                                    : new ClientCallEvent.StreamNotStarted("draining"));
                            case CallAction.PickTransport p -> {
                                picks++;
                                queue.add(next(5) > 0 ? new ClientCallEvent.TransportPicked(0)
                                        : new ClientCallEvent.PickFailed("none"));
                            }
                            case CallAction.DeliverMessage m -> {
                                assertTrue(!delivering, at + ": a second message before the first was answered");
                                delivering = true;
                                queue.add(next(8) > 0 ? new ClientCallEvent.MessageDelivered()
                                        : new ClientCallEvent.MessageUnreadable(Unreadable.CORRUPT, "junk"));
                            }
                            default -> {}
                        }
                    }
                    s = step.state();
                    if (wasLive && s.phase() == ClientCall.Phase.CLOSED) {
                        assertTrue(step.actions().stream().anyMatch(a -> a instanceof CallAction.Complete), trace + ": closed without a status");
                    }
                }
            }
            assertTrue(completes <= 1, trace + ": " + completes + " completions");
            assertTrue(resets <= 1, trace + ": " + resets + " resets");
            assertTrue(picks <= 1, trace + ": " + picks + " transparent retries");
            assertTrue(credited <= received, trace + ": " + credited + " bytes credited of " + received);
        }
    }
}
