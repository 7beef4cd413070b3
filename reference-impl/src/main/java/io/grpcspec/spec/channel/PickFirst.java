package io.grpcspec.spec.channel;

import static io.grpcspec.spec.channel.ConnectivityState.CONNECTING;
import static io.grpcspec.spec.channel.ConnectivityState.IDLE;
import static io.grpcspec.spec.channel.ConnectivityState.READY;
import static io.grpcspec.spec.channel.ConnectivityState.SHUTDOWN;
import static io.grpcspec.spec.channel.ConnectivityState.TRANSIENT_FAILURE;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.channel.BalancerAction.RequestConnection;
import io.grpcspec.spec.channel.BalancerAction.RequestReresolution;
import io.grpcspec.spec.channel.BalancerAction.ShutdownSubchannel;
import io.grpcspec.spec.channel.BalancerAction.UpdateState;
import io.grpcspec.spec.channel.BalancerEvent.ExitIdle;
import io.grpcspec.spec.channel.BalancerEvent.SubchannelUpdate;
import io.grpcspec.traceability.Enforces;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The pick_first balancer as a pure machine, following gRFC A62 and grpc-go's pickfirstleaf
 * without its Happy Eyeballs timer (addresses are tried strictly one after another).
 *
 * <p>A pass tries the addresses in order ({@link ChannelRules#CH_11}); the first READY subchannel is selected and the
 * others are shut down. When every address has failed once, the pass ends in sticky
 * TRANSIENT_FAILURE ({@link ChannelRules#CH_12}): pick_first reconnects each subchannel as soon as it is IDLE and
 * keeps reporting TRANSIENT_FAILURE until one is READY. Losing the READY subchannel reports IDLE
 * ({@link ChannelRules#CH_13}); {@link ExitIdle} starts a new pass from the first address.
 */
public final class PickFirst {
    private PickFirst() {}

    static final String POLICY = "pick_first";
    static final String NO_ADDRESSES = "name resolver produced zero addresses";

    /** A new pick_first over {@code addresses} addresses: starts the first pass at address 0. */
    @Enforces("CH-11")
    public static Step<PickFirstState> start(int addresses) {
        if (addresses < 0) throw new IllegalArgumentException("negative address count " + addresses);
        Work w = new Work(addresses);
        if (addresses == 0) {
            // As grpc-go: an empty list is treated like a resolver error (CH_11).
            w.report(TRANSIENT_FAILURE, new Picker.Fail(NO_ADDRESSES));
            w.actions.add(new RequestReresolution());
        } else {
            w.report(CONNECTING, new Picker.Wait(false));
            w.startPass();
        }
        return w.done();
    }

    public static Step<PickFirstState> step(PickFirstState s, BalancerEvent e) {
        return switch (e) {
            case ExitIdle x -> exitIdle(s);
            case SubchannelUpdate u -> update(s, u);
        };
    }

    /** CH_13: only a request to leave IDLE starts a new pass, from the first address. */
    @Enforces("CH-13")
    private static Step<PickFirstState> exitIdle(PickFirstState s) {
        if (s.reported() != IDLE) return Step.next(s);
        Work w = new Work(s);
        w.report(CONNECTING, new Picker.Wait(false));
        w.startPass();
        return w.done();
    }

    private static Step<PickFirstState> update(PickFirstState s, SubchannelUpdate u) {
        Step<PickFirstState> refused = SubchannelUpdates.check(POLICY, s.subchannels(), u);
        if (refused != null) return refused;
        if (u.state() == s.subchannels().get(u.subchannel())) return Step.next(s);
        Work w = new Work(s);
        w.update(u.subchannel(), u.state(), u.cause());
        return w.done();
    }

    /** A mutable copy of the state for the duration of one step. */
    private static final class Work {
        final List<ConnectivityState> sub;
        final List<Boolean> failed;
        boolean firstPass;
        int cursor;
        int selected;
        ConnectivityState reported;
        Picker picker;
        final List<Action> actions = new ArrayList<>();

        Work(int addresses) {
            sub = new ArrayList<>(Collections.nCopies(addresses, SHUTDOWN));
            failed = new ArrayList<>(Collections.nCopies(addresses, false));
            selected = -1;
            reported = IDLE;
            picker = new Picker.Wait(true);
        }

        Work(PickFirstState s) {
            sub = new ArrayList<>(s.subchannels());
            failed = new ArrayList<>(s.failedInPass());
            firstPass = s.firstPass();
            cursor = s.cursor();
            selected = s.selected();
            reported = s.reported();
            picker = s.picker();
        }

        Step<PickFirstState> done() {
            return Step.next(new PickFirstState(sub, failed, firstPass, cursor, selected, reported, picker), actions);
        }

        void report(ConnectivityState state, Picker p) {
            reported = state;
            picker = p;
            actions.add(new UpdateState(state, p));
        }

        void requestConnection(int i) {
            if (sub.get(i) == SHUTDOWN) sub.set(i, IDLE); // the driver creates it IDLE
            actions.add(new RequestConnection(i));
        }

        void startPass() {
            firstPass = true;
            Collections.fill(failed, false);
            cursor = 0;
            tryFromCursor("every address is in TRANSIENT_FAILURE");
        }

        /** Connect the first address from the cursor on that has not failed yet ({@link ChannelRules#CH_11}). */
        @Enforces("CH-11")
        void tryFromCursor(String cause) {
            for (; cursor < sub.size(); cursor++) {
                ConnectivityState st = sub.get(cursor);
                if (st == SHUTDOWN || st == IDLE) {
                    requestConnection(cursor);
                    return;
                }
                if (st == CONNECTING || st == READY) return; // wait for its outcome
                failed.set(cursor, true); // still in backoff from an earlier pass
            }
            endPassIfAllFailed(cause);
        }

        /** Sticky TRANSIENT_FAILURE once every address failed in this pass ({@link ChannelRules#CH_12}). */
        @Enforces("CH-12")
        void endPassIfAllFailed(String cause) {
            if (cursor < sub.size() || failed.contains(false)) return;
            firstPass = false;
            report(TRANSIENT_FAILURE, new Picker.Fail(cause));
            actions.add(new RequestReresolution());
            for (int i = 0; i < sub.size(); i++) {
                if (sub.get(i) == IDLE) requestConnection(i);
            }
        }

        @Enforces("CH-12")
        void update(int i, ConnectivityState st, String cause) {
            sub.set(i, st);
            if (st == READY) {
                select(i);
                return;
            }
            if (reported == READY && i == selected) {
                loseSelected(); // IDLE, or SHUTDOWN from outside
                return;
            }
            if (st == SHUTDOWN) return; // shut down from outside (channel closing): no longer counts
            if (firstPass) {
                if (st == TRANSIENT_FAILURE) {
                    failed.set(i, true);
                    if (i == cursor) {
                        cursor++;
                        tryFromCursor(cause);
                    } else {
                        endPassIfAllFailed(cause);
                    }
                }
                return; // CONNECTING changes nothing; an earlier address's IDLE waits for the pass
            }
            if (reported == TRANSIENT_FAILURE && st == IDLE) {
                requestConnection(i); // keep trying while sticky (CH_12)
            }
        }

        /** The first READY subchannel wins; all others are shut down ({@link ChannelRules#CH_11}). */
        @Enforces("CH-11")
        void select(int i) {
            for (int j = 0; j < sub.size(); j++) {
                if (j != i && sub.get(j) != SHUTDOWN) {
                    sub.set(j, SHUTDOWN);
                    actions.add(new ShutdownSubchannel(j));
                }
            }
            selected = i;
            cursor = i;
            firstPass = false;
            report(READY, new Picker.Fixed(i));
        }

        /** The selected connection is gone: IDLE until asked again ({@link ChannelRules#CH_13}). */
        @Enforces("CH-13")
        void loseSelected() {
            selected = -1;
            cursor = 0;
            firstPass = false;
            report(IDLE, new Picker.Wait(true));
            actions.add(new RequestReresolution());
        }
    }
}
