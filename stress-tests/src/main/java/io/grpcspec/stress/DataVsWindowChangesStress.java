package io.grpcspec.stress;

import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.stress.harness.TestConnection;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The application sends 30 octets on a stream whose send window is 10 while the reader steps a
 * WINDOW_UPDATE of +10 for the stream and then a SETTINGS that lowers INITIAL_WINDOW_SIZE from 10
 * to 0 (which takes 10 from every stream window, RFC 9113 §6.9.2; FlowControlRules FC-3, FC-5).
 * Whatever the order, the octets written never exceed the window that existed when they were
 * written: 20 when the data came before the SETTINGS (it used the +10), 10 when it came after
 * both frames. 30 would mean a window change was lost between the two threads; the connection
 * steps all events under one lock, so that needs a regression.
 */
@JCStressTest
@Outcome(id = "10", expect = Expect.ACCEPTABLE, desc = "the data came after both frames: 10 + 10 - 10")
@Outcome(id = "20", expect = Expect.ACCEPTABLE, desc = "the data used the update before the SETTINGS took 10 back")
@Outcome(expect = Expect.FORBIDDEN, desc = "more than the window allowed was written (or the data vanished)")
@State
public class DataVsWindowChangesStress {
    private final TestConnection t = TestConnection.client(EndpointConfig.client(), new Setting(SettingId.INITIAL_WINDOW_SIZE, 10));

    public DataVsWindowChangesStress() {
        t.conn.openStream(TestConnection.request("/svc/Upload"), false);
        t.mark();
    }

    @Actor
    public void application() {
        t.conn.sendData(1, Bytes.of(new byte[30]), false);
    }

    @Actor
    public void reader() {
        t.conn.frameReceived(new WindowUpdateFrame(1, 10));
        t.conn.frameReceived(new SettingsFrame(false, List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, 0))));
    }

    @Arbiter
    public void check(I_Result r) {
        t.finish();
        int octets = 0;
        for (Frame f : t.afterMark()) if (f instanceof DataFrame d && d.streamId() == 1) octets += d.data().length();
        r.r1 = octets;
    }
}
