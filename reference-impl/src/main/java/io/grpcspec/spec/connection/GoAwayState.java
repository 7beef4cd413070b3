package io.grpcspec.spec.connection;

import io.grpcspec.spec.IntTreeSet;
import io.grpcspec.spec.Role;
import java.util.SortedSet;

/**
 * The GOAWAY bookkeeping of one connection, RFC 9113 §6.8.
 *
 * <p>The open streams are an {@link IntTreeSet}: opening or closing one stream shares the rest of
 * the set with the state before it instead of copying it (a copy made every new stream cost
 * O(open streams)). Any sorted set given to the constructor is turned into one; equality is by
 * elements.
 *
 * @param role our role (stream parity and the server-only two-phase shutdown depend on it)
 * @param sent how far our own GOAWAY has gone
 * @param lastSent last-stream-id of our latest GOAWAY (meaningless while {@code sent == NONE})
 * @param pingData payload of the PING between our two GOAWAYs (HEADS_UP only)
 * @param lastReceived last-stream-id of the peer's latest GOAWAY, {@link #NONE_RECEIVED} if none
 * @param highestPeerStream highest peer-initiated stream we accepted ("processed"), 0 if none
 * @param open streams (both initiators) that are open now, ascending
 */
public record GoAwayState(
        Role role, Sent sent, int lastSent, long pingData, int lastReceived, int highestPeerStream, SortedSet<Integer> open) {

    public static final int NONE_RECEIVED = -1;
    /** The largest stream identifier, used by the first GOAWAY of a graceful shutdown. */
    public static final int MAX_STREAM_ID = Integer.MAX_VALUE;

    /** Our side of the shutdown. */
    public enum Sent {
        /** No GOAWAY sent. */
        NONE,
        /** Server: GOAWAY(2^31-1) and PING sent, waiting for the PING ACK ({@link GoAwayRules#GA_1}). */
        HEADS_UP,
        /** The GOAWAY that really limits streams is out ({@link GoAwayRules#GA_2}, or a client's or an error's single GOAWAY). */
        FINAL
    }

    public GoAwayState {
        open = IntTreeSet.of(open);
    }

    public static GoAwayState initial(Role role) {
        return new GoAwayState(role, Sent.NONE, 0, 0, NONE_RECEIVED, 0, IntTreeSet.EMPTY);
    }

    public boolean received() {
        return lastReceived != NONE_RECEIVED;
    }

    /** A GOAWAY went out or came in: no new local streams from now on. */
    public boolean draining() {
        return sent != Sent.NONE || received();
    }

    GoAwayState withSent(Sent s, int last, long ping) {
        return new GoAwayState(role, s, last, ping, lastReceived, highestPeerStream, open);
    }

    GoAwayState withReceived(int last, SortedSet<Integer> stillOpen) {
        return new GoAwayState(role, sent, lastSent, pingData, last, highestPeerStream, stillOpen);
    }

    GoAwayState withOpen(SortedSet<Integer> nowOpen, int highestPeer) {
        return new GoAwayState(role, sent, lastSent, pingData, lastReceived, highestPeer, nowOpen);
    }

    /** The open streams as the persistent set the constructor made of them. */
    IntTreeSet openSet() {
        return (IntTreeSet) open;
    }
}
