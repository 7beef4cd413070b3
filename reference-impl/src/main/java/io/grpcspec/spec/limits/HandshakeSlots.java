package io.grpcspec.spec.limits;

import io.grpcspec.traceability.Enforces;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Event;
import io.grpcspec.spec.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's cap on connections still in their handshake ({@link LimitsRules#LIM_6}), as a
 * pure machine over connection numbers the server hands out. A connection enters when it is
 * accepted and leaves when its handshake is done (TLS, the client preface and first SETTINGS)
 * or it closes. When the cap is full, admitting one more first closes the connection that has
 * waited longest: a slowloris peer cannot lock newcomers out, and a conforming client, whose
 * handshake takes one round trip, is never the oldest unless connections arrive faster than
 * {@code capacity} per round trip.
 *
 * @param capacity connections allowed in handshake at once (at least 1)
 * @param waiting  connections in handshake, oldest first
 */
public record HandshakeSlots(int capacity, List<Long> waiting) {

    /** LIM-6's default: hundreds of slow peers are tolerated before the oldest are shed. */
    public static final int DEFAULT_CAPACITY = 256;

    public HandshakeSlots {
        if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity);
        waiting = List.copyOf(waiting);
    }

    public static HandshakeSlots start(int capacity) {
        return new HandshakeSlots(capacity, List.of());
    }

    /** Inputs. */
    public sealed interface SlotEvent extends Event {}

    /** Connection {@code id} was accepted: its handshake starts. */
    public record Accepted(long id) implements SlotEvent {}

    /** Connection {@code id} finished its handshake or closed. */
    public record Finished(long id) implements SlotEvent {}

    /** What the server must do. */
    public sealed interface SlotAction extends Action {}

    /** Close connection {@code id} now: it waited longest and its slot goes to a newcomer. */
    public record CloseOldest(long id) implements SlotAction {}

    public Step<HandshakeSlots> on(SlotEvent e) {
        return switch (e) {
            case Accepted(long id) -> accept(id);
            case Finished(long id) -> waiting.contains(id) ? Step.next(without(id)) : Step.next(this);
        };
    }

    @Enforces("LIM-6")
    private Step<HandshakeSlots> accept(long id) {
        if (waiting.contains(id)) return Step.next(this);
        List<Long> next = new ArrayList<>(waiting);
        List<Action> actions = new ArrayList<>();
        while (next.size() >= capacity) actions.add(new CloseOldest(next.remove(0)));
        next.add(id);
        return Step.next(new HandshakeSlots(capacity, next), actions);
    }

    private HandshakeSlots without(long id) {
        List<Long> next = new ArrayList<>(waiting);
        next.remove(Long.valueOf(id));
        return new HandshakeSlots(capacity, next);
    }
}
