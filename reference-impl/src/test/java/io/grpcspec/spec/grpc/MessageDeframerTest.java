package io.grpcspec.spec.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageDeframerTest {

    private static Bytes body(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed);
        return Bytes.of(b);
    }

    /** Empty, tiny, medium and compressed messages: every prefix byte shape occurs. */
    private static final List<GrpcMessage> MESSAGES = List.of(
            GrpcMessage.of(Bytes.EMPTY),
            GrpcMessage.of(body(1, 7)),
            GrpcMessage.of(body(300, 1)),
            new GrpcMessage(body(5, 3), true),
            new GrpcMessage(Bytes.EMPTY, true),
            GrpcMessage.of(body(2, 9)));

    private static Bytes stream() {
        Bytes all = Bytes.EMPTY;
        for (GrpcMessage m : MESSAGES) all = all.concat(MessageFramer.frame(m));
        return all;
    }

    private static MessageDeframer gzipDeframer() {
        return MessageDeframer.create(MessageDeframer.DEFAULT_MAX_MESSAGE_BYTES, "gzip");
    }

    /** Feeds the pieces in order; returns every message and checks the final state is a boundary. */
    private static List<GrpcMessage> feedAll(MessageDeframer d, List<Bytes> pieces) {
        List<GrpcMessage> out = new ArrayList<>();
        for (Bytes p : pieces) {
            MessageDeframer.Fed fed = assertInstanceOf(MessageDeframer.Fed.class, d.feed(p));
            out.addAll(fed.messages());
            d = fed.next();
        }
        assertTrue(d.atBoundary());
        assertNull(d.end());
        return out;
    }

    @Test
    @Checks({"RPC-14", "RPC-17"})
    void theFramerWritesFlagAndBigEndianLength() {
        assertEquals(Bytes.ofHex("00 00000003 616263"), MessageFramer.frame(Bytes.ofAscii("abc")));
        assertEquals(Bytes.ofHex("01 00000000"), MessageFramer.frame(new GrpcMessage(Bytes.EMPTY, true)));
        assertEquals(Bytes.ofHex("00 0000012c"), MessageFramer.frame(body(300, 1)).slice(0, 5));
    }

    @Test
    @Checks("RPC-17")
    void everySingleSplitPointGivesTheSameMessages() {
        Bytes all = stream();
        for (int i = 0; i <= all.length(); i++) {
            assertEquals(MESSAGES, feedAll(gzipDeframer(), List.of(all.slice(0, i), all.slice(i, all.length()))), "split at " + i);
        }
    }

    @Test
    @Checks("RPC-17")
    void everyPairOfSplitPointsGivesTheSameMessages() {
        Bytes all = stream();
        int n = all.length();
        for (int i = 0; i <= n; i++) {
            for (int j = i; j <= n; j++) {
                List<GrpcMessage> got = feedAll(gzipDeframer(), List.of(all.slice(0, i), all.slice(i, j), all.slice(j, n)));
                if (!got.equals(MESSAGES)) throw new AssertionError("splits at " + i + ", " + j + ": " + got);
            }
        }
    }

    @Test
    @Checks("RPC-17")
    void oneByteAtATime() {
        Bytes all = stream();
        List<Bytes> pieces = new ArrayList<>();
        for (int i = 0; i < all.length(); i++) pieces.add(all.slice(i, i + 1));
        assertEquals(MESSAGES, feedAll(gzipDeframer(), pieces));
    }

    @Test
    @Checks("RPC-17")
    void endOfStreamInsideAMessageIsIncomplete() {
        Bytes all = stream();
        // Every cut that is not a message boundary must be reported, whether in a prefix or a body.
        List<Integer> boundaries = new ArrayList<>();
        int at = 0;
        boundaries.add(0);
        for (GrpcMessage m : MESSAGES) {
            at += 5 + m.payload().length();
            boundaries.add(at);
        }
        for (int i = 0; i <= all.length(); i++) {
            MessageDeframer.Fed fed = assertInstanceOf(MessageDeframer.Fed.class, gzipDeframer().feed(all.slice(0, i)));
            MessageDeframer.Failed end = fed.next().end();
            if (boundaries.contains(i)) {
                assertNull(end, "cut at " + i);
            } else {
                assertEquals("RPC-17", end.rule().id(), "cut at " + i);
                assertEquals(StatusCode.INTERNAL, end.status().code());
                assertTrue(end.status().message().startsWith("incomplete message"));
            }
        }
    }

    @Test
    @Checks("RPC-16")
    void aTooLargeLengthFailsFromThePrefixAlone() {
        MessageDeframer d = MessageDeframer.create(10, null);
        MessageDeframer.Failed f = assertInstanceOf(MessageDeframer.Failed.class, d.feed(Bytes.ofHex("00 0000000b")));
        assertEquals("RPC-16", f.rule().id());
        assertEquals(Status.of(StatusCode.RESOURCE_EXHAUSTED, "received message larger than max (11 vs. 10)"), f.status());
        MessageDeframer.Failed huge = assertInstanceOf(MessageDeframer.Failed.class, MessageDeframer.create().feed(Bytes.ofHex("00 ffffffff")));
        assertEquals(StatusCode.RESOURCE_EXHAUSTED, huge.status().code());
        // The same prefix split over two feeds fails on the fifth byte.
        MessageDeframer.Fed first = assertInstanceOf(MessageDeframer.Fed.class, d.feed(Bytes.ofHex("00 0000")));
        assertEquals(StatusCode.RESOURCE_EXHAUSTED, ((MessageDeframer.Failed) first.next().feed(Bytes.ofHex("000b"))).status().code());
    }

    @Test
    @Checks("RPC-16")
    void aMessageOfExactlyTheLimitIsAccepted() {
        MessageDeframer d = MessageDeframer.create(10, null);
        Bytes ten = body(10, 0);
        assertEquals(List.of(GrpcMessage.of(ten)), feedAll(d, List.of(MessageFramer.frame(ten))));
        // The default limit is 4 MiB, as in grpc-go and grpc-java.
        assertEquals(4 * 1024 * 1024, MessageDeframer.create().maxMessageBytes());
    }

    @Test
    @Checks("RPC-15")
    void flagValuesOtherThanZeroOrOneFail() {
        for (String flag : List.of("02", "80", "ff")) {
            MessageDeframer.Failed f = assertInstanceOf(MessageDeframer.Failed.class, gzipDeframer().feed(Bytes.ofHex(flag + " 00000001 00")));
            assertEquals("RPC-15", f.rule().id());
            assertEquals(StatusCode.INTERNAL, f.status().code());
        }
    }

    @Test
    @Checks("RPC-14")
    void theCompressedFlagNeedsANegotiatedEncoding() {
        MessageDeframer.Failed f = assertInstanceOf(MessageDeframer.Failed.class, MessageDeframer.create().feed(Bytes.ofHex("01 00000001 00")));
        assertEquals("RPC-14", f.rule().id());
        assertEquals(StatusCode.INTERNAL, f.status().code());
        // With an encoding the message is delivered, still compressed, for the layer above.
        MessageDeframer.Fed fed = assertInstanceOf(MessageDeframer.Fed.class, gzipDeframer().feed(Bytes.ofHex("01 00000001 00")));
        assertEquals(List.of(new GrpcMessage(Bytes.of((byte) 0), true)), fed.messages());
        // identity, absent or unsupported encodings give no deframer encoding.
        assertNull(CallConfig.DEFAULT.deframer("identity").encoding());
        assertNull(CallConfig.DEFAULT.deframer("gzip").encoding());
        assertEquals("gzip", new CallConfig(10, List.of("gzip")).deframer("gzip").encoding());
    }

    @Test
    @Checks("RPC-17")
    void feedingNothingChangesNothing() {
        MessageDeframer d = MessageDeframer.create();
        MessageDeframer.Fed fed = assertInstanceOf(MessageDeframer.Fed.class, d.feed(Bytes.EMPTY));
        assertEquals(d, fed.next());
        assertEquals(List.of(), fed.messages());
        assertSame(null, d.end());
    }
}
