package io.grpcspec.stress;

import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.stress.harness.TestConnection;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * The peer raises SETTINGS_MAX_FRAME_SIZE to 20 000 while the application sends 20 000 octets.
 * The machine applies the settings and queues the ACK in one step (SettingsRules SET-9), so the
 * wire must show either the data cut at the old 16 384 before the ACK, or one 20 000-octet frame
 * after it: a frame shaped by the new settings never precedes their ACK, and data stepped after
 * them is never cut by the old ones. Either forbidden shape means the wire order is not the
 * order the machine decided in.
 */
@JCStressTest
@Outcome(id = "16384 3616 ACK", expect = Expect.ACCEPTABLE, desc = "data first, cut at the old frame size, then the ACK")
@Outcome(id = "ACK 20000", expect = Expect.ACCEPTABLE, desc = "settings first: ACK, then one frame at the new size")
@Outcome(id = "20000 ACK", expect = Expect.FORBIDDEN, desc = "a frame shaped by settings not yet acknowledged")
@Outcome(id = "ACK 16384 3616", expect = Expect.FORBIDDEN, desc = "data stepped after the new settings cut by the old ones")
@Outcome(expect = Expect.FORBIDDEN, desc = "data lost or the ACK missing")
@State
public class SettingsAckOrderStress {
    private static final Bytes DATA = Bytes.of(new byte[20_000]);

    private final TestConnection t = TestConnection.client(EndpointConfig.client());

    public SettingsAckOrderStress() {
        t.conn.openStream(TestConnection.request("/svc/Upload"), false);
        t.mark();
    }

    @Actor
    public void reader() {
        t.conn.frameReceived(new SettingsFrame(false, List.of(new Setting(SettingId.MAX_FRAME_SIZE, 20_000))));
    }

    @Actor
    public void application() {
        t.conn.sendData(1, DATA, false);
    }

    @Arbiter
    public void check(L_Result r) {
        t.finish();
        List<String> shape = new ArrayList<>();
        for (Frame f : t.afterMark()) {
            if (f instanceof DataFrame d) shape.add(Integer.toString(d.data().length()));
            if (f instanceof SettingsFrame s && s.ack()) shape.add("ACK");
        }
        r.r1 = String.join(" ", shape);
    }
}
