package io.grpcspec.spec.keepalive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.spec.Actions;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.PingFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class PingResponderTest {

    @Test
    @Checks({"KA-1"})
    void aPingIsAnsweredWithAnAckEchoingItsPayload() {
        for (long payload : new long[] {0L, -1L, 0x0102030405060708L, KeepalivePinger.payload(7)}) {
            assertEquals(List.of(new Actions.WriteFrame(new PingFrame(true, payload))),
                    PingResponder.answer(new PingFrame(false, payload)));
        }
    }

    @Test
    @Checks({"KA-2"})
    void anAckIsNeverAnswered() {
        assertEquals(List.of(), PingResponder.answer(new PingFrame(true, 0x0102030405060708L)));
        assertEquals(List.of(), PingResponder.answer(new PingFrame(true, 0L)));
    }
}
