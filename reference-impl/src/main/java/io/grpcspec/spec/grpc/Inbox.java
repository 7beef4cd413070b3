package io.grpcspec.spec.grpc;

import io.grpcspec.traceability.Enforces;
import java.util.List;

/**
 * Received messages on their way to the application, and the stream flow-control credit they
 * hold back: the one receive policy of both call machines ({@link RpcRules#RPC_38},
 * {@link RpcRules#RPC_39}).
 *
 * <ul>
 *   <li>Delivery: messages wait in {@code held} until the application has asked for them
 *       ({@code demand}); one is handed over at a time, and the next only after the driver has
 *       answered for the previous one ({@code delivering}), readable or not.</li>
 *   <li>Credit: the DATA bytes of a stream are owed credit ({@code owed}) from the moment they
 *       arrive. The credit goes back at once while the messages held for the application total
 *       at most {@link #BACKLOG_LIMIT} bytes, and otherwise waits until the application has taken
 *       enough of them. A partial message in the deframer never holds credit back (its size is
 *       bounded by the receive limit, and a message larger than the window must still be able to
 *       arrive). The limit is the call's {@link CallConfig#receiveBacklogBytes()}, {@link #BACKLOG_LIMIT}
 *       by default. So an application that stops reading lets at most the backlog limit plus one
 *       stream window plus one message pile up, as grpc-java and grpc-go bound it by returning
 *       credit as the application reads.</li>
 * </ul>
 *
 * @param held messages received and not yet delivered, oldest first
 * @param heldBytes their size on the wire (5-byte prefix included)
 * @param owed DATA bytes received whose credit has not been returned
 * @param demand messages the application asked for and has not received yet
 * @param delivering a message was handed over and its answer is pending
 * @param limit held bytes above which credit waits
 */
public record Inbox(Fifo<GrpcMessage> held, long heldBytes, int owed, long demand, boolean delivering, int limit) {

    /** Bytes of undelivered messages above which credit is held back by default (1 MiB). */
    public static final int BACKLOG_LIMIT = 1 << 20;

    /** An empty inbox with the default limit. */
    public static final Inbox EMPTY = empty(BACKLOG_LIMIT);

    public Inbox {
        if (heldBytes < 0 || owed < 0 || demand < 0 || limit < 0) throw new IllegalArgumentException("negative counter");
    }

    /** An empty inbox that holds credit back above {@code limit} bytes of undelivered messages. */
    public static Inbox empty(int limit) {
        return new Inbox(Fifo.empty(), 0, 0, 0, false, limit);
    }

    /** The same messages and demand with no credit owed: the stream is over, its credit no longer matters. */
    public Inbox settled() {
        return new Inbox(held, heldBytes, 0, demand, delivering, limit);
    }

    /** What the inbox asks for after a change: a message to hand over (or null) and credit to return (or 0). */
    public record Out(Inbox next, GrpcMessage deliver, int credit) {}

    /** No message is waiting or being delivered. */
    public boolean drained() {
        return held.isEmpty() && !delivering;
    }

    /** A DATA frame of {@code dataBytes} arrived and completed {@code messages}. */
    public Out received(int dataBytes, List<GrpcMessage> messages) {
        Fifo<GrpcMessage> h = held;
        long bytes = heldBytes;
        for (GrpcMessage m : messages) {
            h = h.add(m);
            bytes += wireSize(m);
        }
        return new Inbox(h, bytes, Math.addExact(owed, dataBytes), demand, delivering, limit).pump();
    }

    /** The application asks for {@code n} more messages. */
    public Out requested(long n) {
        if (n <= 0) throw new IllegalArgumentException("request " + n);
        long d = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        return new Inbox(held, heldBytes, owed, d, delivering, limit).pump();
    }

    /** The driver answered for the message in delivery (taken or unreadable). */
    public Out answered() {
        return new Inbox(held, heldBytes, owed, demand, false, limit).pump();
    }

    /** Hands over the next message if allowed, then returns the credit the policy releases. */
    @Enforces({"RPC-38", "RPC-39"})
    private Out pump() {
        Inbox s = this;
        GrpcMessage out = null;
        if (!delivering && demand > 0 && !held.isEmpty()) {
            out = held.peek();
            s = new Inbox(held.poll(), heldBytes - wireSize(out), owed, demand - 1, true, limit);
        }
        if (s.owed > 0 && s.heldBytes <= limit) {
            return new Out(new Inbox(s.held, s.heldBytes, 0, s.demand, s.delivering, limit), out, s.owed);
        }
        return new Out(s, out, 0);
    }

    private static long wireSize(GrpcMessage m) {
        return (long) MessageFramer.PREFIX_LENGTH + m.payload().length();
    }
}
