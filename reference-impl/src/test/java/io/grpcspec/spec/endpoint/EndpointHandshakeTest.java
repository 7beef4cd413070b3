package io.grpcspec.spec.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Timer;
import io.grpcspec.spec.connection.ConnectionActions;
import io.grpcspec.spec.connection.Phase;
import io.grpcspec.spec.connection.Settings;
import io.grpcspec.spec.endpoint.EndpointPair.Side;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointHandshakeTest {

    @Test
    @Checks({"CONN-1", "CONN-2", "SET-9", "SET-10"})
    void bothRolesCompleteTheHandshakeThroughThePipe() {
        EndpointPair pair = EndpointPair.started(EndpointConfig.client(), EndpointConfig.server());
        // Before anything is delivered both wait: the client for the server's SETTINGS, the server for the preface.
        assertEquals(Phase.AWAIT_SERVER_SETTINGS, pair.client().state().phase());
        assertEquals(Phase.AWAIT_PREFACE, pair.server().state().phase());
        assertFalse(pair.client().state().ready());
        assertInstanceOf(EndpointPair.PrefaceItem.class, pair.server().inbox().peekFirst(), "the preface goes first");

        pair.settle();

        for (Side side : Side.values()) {
            Endpoint e = pair.peer(side).state();
            assertEquals(Phase.OPERATIONAL, e.phase(), side.name());
            assertTrue(e.ready(), side.name());
            assertTrue(pair.peer(side).violations().isEmpty(), () -> side + " " + pair.peer(side).violations());
            assertEquals(1, pair.peer(side).actions(ConnectionActions.HandshakeComplete.class).size());
            assertFalse(pair.peer(side).timers().containsKey(Timer.HANDSHAKE), "handshake deadline cancelled");
            // Exactly one ACK each way: each side's one SETTINGS frame was acknowledged.
            List<Frame> acks = pair.peer(side).writtenFrames(f -> f instanceof SettingsFrame s && s.ack());
            assertEquals(1, acks.size(), side.name());
            assertTrue(e.connection().settings().pending().isEmpty(), side + " still waits for an ACK");
        }
        // grpc-go's server always states MAX_FRAME_SIZE; the client learns it.
        assertEquals(Settings.MIN_MAX_FRAME_SIZE, pair.client().state().remoteSettings().maxFrameSize());
        assertTrue(pair.client().state().canOpenStream());
        assertFalse(pair.server().state().canOpenStream(), "a server opens no streams in gRPC");
    }

    @Test
    @Checks({"CONN-6", "FC-11"})
    void largerSettingsAndConnectionWindowAreAnnouncedAndApplied() {
        EndpointConfig client = EndpointConfig.client().withConnectionWindow(1 << 20)
                .withSettings(Settings.DEFAULT.with(new io.grpcspec.wire.Setting(io.grpcspec.wire.SettingId.INITIAL_WINDOW_SIZE, 1 << 18)));
        EndpointPair pair = EndpointPair.connected(client, EndpointConfig.server());
        assertEquals(List.of(new WindowUpdateFrame(0, (1 << 20) - 65_535)),
                pair.client().writtenFrames(f -> f instanceof WindowUpdateFrame));
        assertEquals(1 << 20, pair.client().state().connectionReceiveWindow());
        assertEquals(1 << 20, pair.server().state().connectionSendWindow());
        assertEquals(1 << 18, pair.server().state().remoteSettings().initialWindowSize());
        assertEquals(1 << 18, pair.client().state().localSettings().initialWindowSize(), "acknowledged");
    }

    @Test
    @Checks({"CONN-2"})
    void theHarnessIsDeterministicAndCopiesIndependently() {
        EndpointPair a = EndpointPair.started(EndpointConfig.client(), EndpointConfig.server());
        EndpointPair b = EndpointPair.started(EndpointConfig.client(), EndpointConfig.server());
        assertEquals(a.snapshot(), b.snapshot());
        EndpointPair c = a.copy();
        a.settle();
        assertEquals(b.snapshot(), c.snapshot(), "the copy did not move with the original");
        c.settle();
        assertEquals(a.snapshot(), c.snapshot());
        assertTrue(a.snapshot().toClient().isEmpty() && a.client().state().ready());
    }
}
