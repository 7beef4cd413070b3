package io.grpcspec.spec.connection;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.grpcspec.spec.Role;
import io.grpcspec.spec.Step;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingsFrame;
import java.util.List;

/** Test fixtures: connections driven to a phase through the machine's own steps. */
final class Conn {
    private Conn() {}

    static final long PING = 0x0106010800030309L;

    static ConnectionEvent.FrameReceived frame(io.grpcspec.wire.Frame f) {
        return new ConnectionEvent.FrameReceived(f);
    }

    static ConnectionEvent.FrameReceived settings(Setting... s) {
        return frame(SettingsFrame.of(s));
    }

    static ConnectionEvent.PrefaceReceived preface() {
        return new ConnectionEvent.PrefaceReceived(Preface.CLIENT);
    }

    static ConnectionEvent.PrefaceReceived greeting(String ascii) {
        return new ConnectionEvent.PrefaceReceived(Bytes.ofAscii(ascii));
    }

    /** Runs legal events; fails the test if one is a violation. */
    static ConnectionState run(ConnectionState s, ConnectionEvent... events) {
        for (ConnectionEvent e : events) {
            Step<ConnectionState> step = ConnectionLifecycle.step(s, e);
            assertFalse(step.isViolation(), () -> "unexpected " + step + " on " + e);
            s = step.state();
        }
        return s;
    }

    static ConnectionState fresh(Role role) {
        return ConnectionState.initial(ConnectionConfig.defaults(role));
    }

    static ConnectionState started(Role role) {
        return run(fresh(role), new ConnectionEvent.Start());
    }

    /** Handshake done (our own SETTINGS acknowledged too). */
    static ConnectionState operational(Role role) {
        ConnectionState s = started(role);
        if (role == Role.SERVER) s = run(s, preface());
        return run(s, settings(), frame(SettingsFrame.ACK_FRAME));
    }

    static <S> List<Object> actionsOf(Step<S> step) {
        return List.copyOf(step.actions());
    }
}
