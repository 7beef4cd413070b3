package io.grpcspec.spec.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpcspec.spec.Step;
import io.grpcspec.spec.endpoint.EndpointPair.FrameItem;
import io.grpcspec.spec.endpoint.EndpointPair.Item;
import io.grpcspec.spec.endpoint.EndpointPair.Peer;
import io.grpcspec.spec.endpoint.EndpointPair.Side;
import io.grpcspec.spec.keepalive.EnforcementPolicy;
import io.grpcspec.spec.stream.StreamState;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded random walks of legal application behaviour on a client/server pair, with frames
 * delivered in a random interleaving of the two (each FIFO) directions. Whatever the order, no
 * step may report a violation, every window must be conserved (what one side may still send
 * plus the DATA and credit in flight equals what the other side still accepts), and every stream that was
 * not reset must deliver exactly the bytes that were sent on it.
 */
class EndpointRandomWalkTest {

    private static final int SEEDS = 40;
    private static final int STEPS = 1500;

    /** Per-side bookkeeping of the application driving one end. */
    private static final class App {
        final Map<Integer, Bytes> sent = new HashMap<>();
        final Map<Integer, Integer> consumed = new HashMap<>();
        final Set<Integer> responded = new HashSet<>();
        final Set<Integer> reset = new HashSet<>();
    }

    /** What the walks exercised, so that a walk that stopped doing anything interesting fails. */
    private final Map<String, Integer> seen = new HashMap<>();

    @Test
    @Checks({"FC-3", "FC-5", "FC-9", "FC-10", "STR-8", "SET-10", "GA-9"})
    void legalBehaviourNeverBreaksARuleAndConservesWindows() {
        for (long seed = 1; seed <= SEEDS; seed++) walk(seed);
        for (String what : List.of("verified streams", "stalled sends", "peer resets", "negative windows", "closed streams")) {
            assertTrue(seen.getOrDefault(what, 0) > SEEDS, "too few " + what + ": " + seen);
        }
        assertTrue(seen.getOrDefault("closed connections", 0) > SEEDS / 2, "most walks end in a clean close: " + seen);
        if (System.getProperty("walk.trace") != null) System.out.println(seen);
    }

    private void walk(long seed) {
        Random rnd = new Random(seed);
        EndpointConfig client = EndpointConfig.client();
        EndpointConfig server = EndpointConfig.server().withEnforcement(new EnforcementPolicy(0, true));
        if (rnd.nextBoolean()) client = client.withConnectionWindow(65_535 + rnd.nextInt(1 << 20));
        if (rnd.nextBoolean()) server = server.withConnectionWindow(65_535 + rnd.nextInt(1 << 20));
        EndpointPair pair = EndpointPair.connected(client, server);
        Map<Side, App> apps = Map.of(Side.CLIENT, new App(), Side.SERVER, new App());
        String context = "seed " + seed;
        for (int i = 0; i < STEPS; i++) {
            String what = randomStep(pair, apps, rnd);
            for (Side side : Side.values()) {
                Endpoint e = pair.peer(side).state();
                for (int id : e.liveStreams()) if (e.streamSendWindow(id).getAsInt() < 0) seen.merge("negative windows", 1, Integer::sum);
            }
            if (System.getProperty("walk.trace") != null) System.out.println(i + " " + what + " c=" + pair.client().state().streams().streams() + " s=" + pair.server().state().streams().streams());
            check(pair, context + " step " + i + " (" + what + ")");
        }
        drain(pair, apps);
        check(pair, context + " drained");
        for (Side side : Side.values()) {
            App app = apps.get(side);
            Peer receiver = pair.peer(side.other());
            for (Map.Entry<Integer, Bytes> e : app.sent.entrySet()) {
                int id = e.getKey();
                if (app.reset.contains(id) || apps.get(side.other()).reset.contains(id)) continue;
                if (pair.peer(side).state().hasQueued(id)) continue; // stalled by a zero window
                assertEquals(e.getValue(), receiver.received(id), context + ": bytes " + side + " sent on stream " + id);
                seen.merge("verified streams", 1, Integer::sum);
            }
            seen.merge("stalled sends", (int) pair.peer(side).actions(EndpointActions.Pending.class).stream().filter(x -> x.bytes() > 0).count(), Integer::sum);
            seen.merge("peer resets", pair.peer(side).actions(io.grpcspec.spec.stream.StreamActions.PeerReset.class).size(), Integer::sum);
            seen.merge("closed streams", pair.peer(side).actions(io.grpcspec.spec.stream.StreamActions.StreamClosed.class).size(), Integer::sum);
        }
        shutDown(pair, apps, seed % 2 == 0 ? Side.SERVER : Side.CLIENT, context);
        if (pair.client().state().closed() && pair.server().state().closed()) seen.merge("closed connections", 1, Integer::sum);
    }

    /** GA-9: a graceful shutdown by either side, then every call finished: both ends close without a rule broken. */
    private static void shutDown(EndpointPair pair, Map<Side, App> apps, Side by, String context) {
        apply(pair, by, new EndpointEvent.Shutdown(true, 99, pair.now()));
        pair.settle();
        for (int id : pair.server().state().liveStreams()) {
            if (!apps.get(Side.SERVER).responded.contains(id) && !pair.server().state().localEndQueued(id)) {
                apply(pair, Side.SERVER, new EndpointEvent.SendHeaders(id, EndpointStreamsTest.RESPONSE, false, pair.now()));
            }
            if (!pair.server().state().localEndQueued(id)) {
                apply(pair, Side.SERVER, new EndpointEvent.SendHeaders(id, EndpointStreamsTest.TRAILERS, true, pair.now()));
            }
        }
        for (int id : pair.client().state().liveStreams()) {
            if (!pair.client().state().localEndQueued(id)) {
                apply(pair, Side.CLIENT, new EndpointEvent.SendData(id, Bytes.EMPTY, true, pair.now()));
            }
        }
        drain(pair, apps);
        for (Side side : Side.values()) {
            assertTrue(pair.peer(side).violations().isEmpty(), context + ": " + pair.peer(side).violations());
            if (!pair.peer(side).state().closed()) {
                // Only a stream stalled by a zero window may keep the connection open.
                assertTrue(pair.peer(side).state().outbound().size() + pair.peer(side.other()).state().outbound().size() > 0,
                        context + ": " + side + " still open in " + pair.peer(side).state().phase()
                                + " with streams " + pair.peer(side).state().liveStreams());
            }
        }
    }

    private static String randomStep(EndpointPair pair, Map<Side, App> apps, Random rnd) {
        int roll = rnd.nextInt(100);
        Side side = rnd.nextBoolean() ? Side.CLIENT : Side.SERVER;
        Peer p = pair.peer(side);
        Endpoint e = p.state();
        App app = apps.get(side);
        long now = pair.now();
        if (roll < 45) {
            pair.deliverOne(side);
            return "deliver to " + side;
        }
        List<Integer> live = new ArrayList<>(e.liveStreams());
        Integer id = live.isEmpty() ? null : live.get(rnd.nextInt(live.size()));
        if (roll < 52) {
            Endpoint c = pair.client().state();
            if (c.canOpenStream() && c.activeStreams() < 8) {
                apply(pair, Side.CLIENT, new EndpointEvent.OpenStream(EndpointStreamsTest.REQUEST, rnd.nextInt(5) == 0, now));
                return "open";
            }
            return "no open";
        }
        if (id == null) return "idle";
        if (roll < 70) {
            boolean mayWrite = !e.localEndQueued(id) && (side == Side.CLIENT || app.responded.contains(id));
            if (side == Side.SERVER && !app.responded.contains(id) && !e.localEndQueued(id)) {
                apply(pair, side, new EndpointEvent.SendHeaders(id, EndpointStreamsTest.RESPONSE, false, now));
                app.responded.add(id);
                return "response headers " + id;
            }
            if (!mayWrite) return "nothing to write";
            if (side == Side.SERVER && rnd.nextInt(6) == 0) {
                apply(pair, side, new EndpointEvent.SendHeaders(id, EndpointStreamsTest.TRAILERS, true, now));
                return "trailers " + id;
            }
            int n = rnd.nextInt(4) == 0 ? rnd.nextInt(120_000) : rnd.nextInt(2_000);
            Bytes data = EndpointStreamsTest.bytes(n, rnd.nextInt());
            apply(pair, side, new EndpointEvent.SendData(id, data, rnd.nextInt(5) == 0, now));
            app.sent.merge(id, data, Bytes::concat);
            return "data " + n + " on " + id;
        }
        if (roll < 88) {
            int unconsumed = p.received(id).length() - app.consumed.getOrDefault(id, 0);
            if (unconsumed == 0) return "nothing to consume";
            int n = 1 + rnd.nextInt(unconsumed);
            apply(pair, side, new EndpointEvent.Consumed(id, n, now));
            app.consumed.merge(id, n, Integer::sum);
            return "consume " + n + " on " + id;
        }
        if (roll < 91) {
            apply(pair, side, new EndpointEvent.MessagePending(id, rnd.nextInt(300_000), now));
            return "message pending on " + id;
        }
        if (roll < 93) {
            apply(pair, side, new EndpointEvent.ResetStream(id, ErrorCode.CANCEL, now));
            app.reset.add(id);
            return "reset " + id;
        }
        if (roll < 97) {
            apply(pair, side, new EndpointEvent.SendPing(rnd.nextLong(), now));
            return "ping";
        }
        List<Setting> change = new ArrayList<>();
        if (rnd.nextBoolean()) change.add(new Setting(SettingId.INITIAL_WINDOW_SIZE, rnd.nextInt(1 << 19)));
        if (rnd.nextBoolean()) change.add(new Setting(SettingId.MAX_FRAME_SIZE, 16_384 + rnd.nextInt(50_000)));
        apply(pair, side, new EndpointEvent.ChangeSettings(change, now));
        return "settings " + change;
    }

    private static void apply(EndpointPair pair, Side side, EndpointEvent event) {
        Step<Endpoint> st = pair.apply(side, event);
        if (st.isViolation()) fail(side + " " + event + " -> " + st.violation());
    }

    /** Consumes everything delivered and delivers everything sent, until nothing moves. */
    private static void drain(EndpointPair pair, Map<Side, App> apps) {
        for (int round = 0; round < 1000; round++) {
            pair.settle();
            boolean moved = false;
            for (Side side : Side.values()) {
                Peer p = pair.peer(side);
                App app = apps.get(side);
                if (p.state().closed()) continue;
                for (int id : p.state().liveStreams()) {
                    int unconsumed = p.received(id).length() - app.consumed.getOrDefault(id, 0);
                    if (unconsumed > 0) {
                        apply(pair, side, new EndpointEvent.Consumed(id, unconsumed, pair.now()));
                        app.consumed.merge(id, unconsumed, Integer::sum);
                        moved = true;
                    }
                }
            }
            if (!moved && pair.client().inbox().isEmpty() && pair.server().inbox().isEmpty()) return;
            if (pair.client().state().closed() && pair.server().state().closed()) return;
        }
        fail("the pair did not settle");
    }

    private static void check(EndpointPair pair, String context) {
        for (Side side : Side.values()) {
            Peer p = pair.peer(side);
            if (!p.violations().isEmpty()) fail(context + ": " + side + " reported " + p.violations());
            assertTrue(!p.state().closed(), context + ": " + side + " closed");
        }
        for (Side side : Side.values()) {
            Peer sender = pair.peer(side);
            Peer receiver = pair.peer(side.other());
            // Connection window: receiver's allowance = sender's window + DATA in flight + credit (WINDOW_UPDATE) in flight.
            long dataInFlight = inFlightData(receiver.inbox(), -1);
            long creditInFlight = inFlightCredit(sender.inbox(), 0);
            assertEquals(receiver.state().connectionReceiveWindow(),
                    sender.state().connectionSendWindow() + dataInFlight + creditInFlight,
                    context + ": connection window " + side + " -> " + side.other());
            if (!sender.state().connection().settings().pending().isEmpty()
                    || !receiver.state().connection().settings().pending().isEmpty()) continue;
            for (int id : sender.state().liveStreams()) {
                // Once the sender's END_STREAM is out its send window is dead: the receiver keeps
                // its books but returns no more credit (StreamTable.consumed), so compare only
                // while the sender may still send and the receiver still expects data.
                StreamState out = sender.state().streamState(id);
                StreamState in = receiver.state().streamState(id);
                if (!(out == StreamState.OPEN || out == StreamState.HALF_CLOSED_REMOTE)) continue;
                if (!(in == StreamState.OPEN || in == StreamState.HALF_CLOSED_LOCAL)) continue;
                long data = inFlightData(receiver.inbox(), id);
                long credit = inFlightCredit(sender.inbox(), id);
                assertEquals(receiver.state().streamReceiveWindow(id).getAsInt(),
                        sender.state().streamSendWindow(id).getAsInt() + data + credit,
                        context + ": stream " + id + " window " + side + " -> " + side.other());
            }
            for (Map.Entry<Integer, OutboundQueue> q : sender.state().outbound().entrySet()) {
                int id = q.getKey();
                StreamState s = sender.state().streamState(id);
                assertTrue(s == StreamState.OPEN || s == StreamState.HALF_CLOSED_REMOTE, context + ": queue on a " + s + " stream");
                // The scheduler leaves nothing behind that could go now: a queue waits only for credit.
                assertTrue(q.getValue().head() instanceof OutboundQueue.Data && sender.state().sendable(id) == 0,
                        context + ": stream " + id + " holds " + q.getValue().head() + " with " + sender.state().sendable(id) + " sendable");
            }
        }
    }

    /** DATA bytes in flight, on stream {@code id} or on all streams ({@code -1}). */
    private static long inFlightData(Iterable<Item> pipe, int id) {
        long n = 0;
        for (Item it : pipe) {
            if (it instanceof FrameItem f && f.frame() instanceof DataFrame d && (id == -1 || d.streamId() == id)) {
                n += d.flowControlledLength();
            }
        }
        return n;
    }

    private static long inFlightCredit(Iterable<Item> pipe, int id) {
        long n = 0;
        for (Item it : pipe) {
            if (it instanceof FrameItem f && f.frame() instanceof WindowUpdateFrame w && w.streamId() == id) n += w.increment();
        }
        return n;
    }
}
