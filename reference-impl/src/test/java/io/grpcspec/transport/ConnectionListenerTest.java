package io.grpcspec.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionListenerTest {

    /** A listener that records what it heard and can be told to fail. */
    private static ConnectionListener recording(String name, List<String> heard, boolean fail) {
        return new ConnectionListener() {
            @Override
            public void onClosed(Http2Connection c, String reason) {
                heard.add(name + " closed: " + reason);
                if (fail) throw new IllegalStateException(name + " failed");
            }

            @Override
            public void onPingAcked(Http2Connection c, long payload) {
                heard.add(name + " ack " + payload);
            }
        };
    }

    @Test
    void bothTellsFirstThenSecond() {
        List<String> heard = new ArrayList<>();
        ConnectionListener l = ConnectionListener.both(recording("a", heard, false), recording("b", heard, false));
        l.onPingAcked(null, 7);
        l.onClosed(null, "done");
        assertEquals(List.of("a ack 7", "b ack 7", "a closed: done", "b closed: done"), heard);
    }

    @Test
    void aFailingFirstListenerDoesNotKeepTheSecondFromHearingAndItsFailureIsPassedOn() {
        List<String> heard = new ArrayList<>();
        ConnectionListener l = ConnectionListener.both(recording("a", heard, true), recording("b", heard, false));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.onClosed(null, "gone"));
        assertEquals("a failed", e.getMessage());
        assertEquals(List.of("a closed: gone", "b closed: gone"), heard);
    }
}
