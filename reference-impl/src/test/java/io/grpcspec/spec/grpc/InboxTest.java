package io.grpcspec.spec.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The receive policy both call machines share (RPC-38, RPC-39), on its own. */
class InboxTest {

    /** Payloads of 0 to 39 000 bytes, made once: a walk creates only the message records. */
    private static final List<Bytes> PAYLOADS = java.util.stream.IntStream.range(0, 40)
            .mapToObj(k -> Bytes.of(new byte[k * 1000])).toList();

    private static GrpcMessage message(Random rnd) {
        return GrpcMessage.of(PAYLOADS.get(rnd.nextInt(PAYLOADS.size())));
    }

    @Test
    @Checks({"RPC-38", "RPC-39"})
    void randomWalksCreditEveryByteOnceAndBoundWhatAnIdleReaderHolds() {
        for (int seed = 0; seed < 300; seed++) {
            Random rnd = new Random(seed);
            Inbox in = Inbox.EMPTY;
            long received = 0;
            long credited = 0;
            List<GrpcMessage> sent = new ArrayList<>();
            List<GrpcMessage> delivered = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                Inbox.Out o;
                boolean answering = false;
                switch (rnd.nextInt(4)) {
                    case 0, 1 -> {
                        // A DATA frame: up to three whole messages and some bytes of a partial one.
                        List<GrpcMessage> ms = new ArrayList<>();
                        int bytes = rnd.nextInt(100);
                        for (int k = rnd.nextInt(4); k > 0; k--) {
                            GrpcMessage m = message(rnd);
                            ms.add(m);
                            bytes += MessageFramer.PREFIX_LENGTH + m.payload().length();
                        }
                        sent.addAll(ms);
                        received += bytes;
                        o = in.received(bytes, ms);
                    }
                    case 2 -> {
                        answering = in.delivering();
                        o = answering ? in.answered() : in.requested(1 + rnd.nextInt(3));
                    }
                    default -> {
                        answering = in.delivering() && rnd.nextBoolean();
                        o = answering ? in.answered() : in.requested(1);
                    }
                }
                credited += o.credit();
                if (o.deliver() != null) {
                    assertTrue(!in.delivering() || answering, "one message at a time");
                    delivered.add(o.deliver());
                }
                in = o.next();
                // Credit is held back only while the backlog is over the limit.
                if (in.owed() > 0) assertTrue(in.heldBytes() > Inbox.BACKLOG_LIMIT, "owed " + in.owed() + " with " + in.heldBytes() + " held");
            }
            // The application takes everything: every received byte has then been credited, once.
            while (!in.drained()) {
                Inbox.Out o = in.delivering() ? in.answered() : in.requested(1);
                credited += o.credit();
                if (o.deliver() != null) delivered.add(o.deliver());
                in = o.next();
            }
            assertEquals(received, credited, "seed " + seed);
            assertEquals(sent.size(), delivered.size(), "none lost, seed " + seed);
            for (int i = 0; i < sent.size(); i++) assertTrue(sent.get(i) == delivered.get(i), "in order, seed " + seed);
        }
    }

    @Test
    @Checks("RPC-38")
    void aPartialMessageNeverHoldsCreditBack() {
        // Bytes of a message not yet complete are credited at once, so a message larger than the
        // stream window can still arrive.
        Inbox.Out o = Inbox.EMPTY.received(16_384, List.of());
        assertEquals(16_384, o.credit());
        assertNull(o.deliver());
    }

    @Test
    @Checks("RPC-38")
    void aConfiguredBacklogOfZeroHoldsCreditUntilEveryMessageIsTaken() {
        Inbox in = Inbox.empty(new CallConfig(100, List.of()).withReceiveBacklog(0).receiveBacklogBytes());
        GrpcMessage a = GrpcMessage.of(Bytes.of(new byte[3]));
        GrpcMessage b = GrpcMessage.of(Bytes.of(new byte[2]));
        Inbox.Out o = in.received(8, List.of(a));
        assertEquals(0, o.credit(), "a held message holds its credit");
        o = o.next().received(7, List.of(b));
        assertEquals(0, o.credit());
        o = o.next().requested(1);
        assertEquals(a, o.deliver());
        assertEquals(0, o.credit(), "one message still held");
        o = o.next().answered().next().requested(1);
        assertEquals(b, o.deliver());
        assertEquals(15, o.credit(), "nothing held: all the credit goes back");
        // Bytes of a partial message never wait, whatever the limit.
        assertEquals(4, Inbox.empty(0).received(4, List.of()).credit());
        assertEquals(Inbox.BACKLOG_LIMIT, CallConfig.DEFAULT.receiveBacklogBytes());
    }
}
