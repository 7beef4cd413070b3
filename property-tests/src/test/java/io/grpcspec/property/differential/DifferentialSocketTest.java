package io.grpcspec.property.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.property.engine.Gen;
import io.grpcspec.property.engine.Property;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.driver.EndpointDriver;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.FrameWriter;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.Priority;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.UnknownFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential: a generated frame sequence sent to the real socket server gets the answers the
 * pure server driver ({@code EndpointDriver}, the one the socket server runs) predicts for the
 * same input — the same PING ACKs, SETTINGS ACKs, RST_STREAMs and GOAWAY codes, in the same
 * order. The client half-closes after writing, so every run ends in a close the server decides
 * (answering the end of input, or a connection error first). HEADERS are left out: a request
 * starts a call, and what the call writes comes from the gRPC layer above the driver, which the
 * prediction does not run.
 */
class DifferentialSocketTest {

    static Server server;

    @BeforeAll
    static void start() throws IOException {
        server = ServerBuilder.forPort(0).addService(GreeterService.definition()).build().start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.shutdown(2, TimeUnit.SECONDS);
    }

    /** Frames a client may send without HPACK: legal ones and each kind of rule break. */
    static final Gen<Frame> FRAME = src -> switch (src.choose(12)) {
        case 0 -> new PingFrame(false, src.drawLong(0, 1000));
        case 1 -> new PingFrame(true, src.drawLong(0, 1000));
        case 2 -> SettingsFrame.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, src.weighted(0.8) ? src.drawLong(0, 1 << 20) : 1L << 31));
        case 3 -> SettingsFrame.of(new Setting(SettingId.ENABLE_PUSH, src.drawLong(0, 2)));
        case 4 -> SettingsFrame.ACK_FRAME;
        case 5 -> new WindowUpdateFrame(src.bool() ? 0 : 1 + 2 * src.draw(0, 3), src.weighted(0.7) ? src.draw(1, 1000) : src.draw(0, 0) + (src.bool() ? 0 : Integer.MAX_VALUE));
        case 6 -> new RstStreamFrame(1 + 2 * src.draw(0, 3), ErrorCode.CANCEL.code());
        case 7 -> new DataFrame(1 + 2 * src.draw(0, 3), Bytes.of((byte) 1), false);
        case 8 -> new PriorityFrame(1 + 2 * src.draw(0, 3), new Priority(0, false, 16));
        case 9 -> new UnknownFrame(0x20 + src.draw(0, 0x10), 0, src.draw(0, 3), Bytes.of((byte) 7));
        case 10 -> new GoAwayFrame(0, ErrorCode.NO_ERROR, Bytes.EMPTY);
        default -> new ContinuationFrame(1, Bytes.EMPTY, true);
    };

    @Test
    @io.grpcspec.testing.Checks({"KA-1", "SET-9", "FC-1", "FC-2", "SET-2", "SET-5", "STR-1", "HB-3"})
    void socketServerAnswersAsThePureMachinePredicts() {
        Property.forAll("socket server answers as the machine predicts", Gen.lists(FRAME, 0, 8)).tries(60)
                .check((frames, ctx) -> {
                    List<String> predicted = predict(frames);
                    List<String> actual = exchange(frames);
                    ctx.note("predicted " + predicted);
                    ctx.note("actual    " + actual);
                    assertEquals(predicted, actual);
                    ctx.label(predicted.stream().anyMatch(s -> s.startsWith("GOAWAY")) ? "connection error" : "no GOAWAY");
                    for (String a : actual) ctx.count(a.substring(0, a.indexOf(' ') < 0 ? a.length() : a.indexOf(' ')));
                });
    }

    /** The answers that matter, as text: PING ACK payloads, SETTINGS ACKs, RST_STREAM and GOAWAY codes. */
    static String answer(Frame f) {
        if (f instanceof PingFrame p && p.ack()) return "PING_ACK " + p.opaqueData();
        if (f instanceof SettingsFrame s && s.ack()) return "SETTINGS_ACK";
        if (f instanceof RstStreamFrame r) return "RST_STREAM " + r.streamId() + " " + ErrorCode.of(r.errorCode());
        if (f instanceof GoAwayFrame g && g.errorCode() != 0) return "GOAWAY " + ErrorCode.of(g.errorCode());
        return null;
    }

    /** What the pure server driver (the one the socket server runs) writes for these frames. */
    static List<String> predict(List<Frame> frames) {
        EndpointDriver driver = new EndpointDriver();
        DriverState d = EndpointDriver.initial(EndpointConfig.server());
        List<String> out = new ArrayList<>();
        List<EndpointEvent> events = new ArrayList<>();
        events.add(new EndpointEvent.Start(0, 0));
        events.add(new EndpointEvent.PrefaceReceived(Preface.CLIENT, 0));
        events.add(new EndpointEvent.FrameReceived(SettingsFrame.of(), 0));
        for (Frame f : frames) events.add(new EndpointEvent.FrameReceived(f, 0));
        events.add(new EndpointEvent.PeerClosed("EOF", 0));
        for (EndpointEvent ev : events) {
            if (d.endpoint().closed()) break;
            EndpointDriver.DriverStep step = driver.step(d, ev);
            d = step.state();
            for (Effect e : step.effects()) {
                if (e instanceof Effect.WriteFrame(Frame f)) {
                    String s = answer(f);
                    if (s != null) out.add(s);
                }
            }
        }
        return out;
    }

    static List<String> exchange(List<Frame> frames) throws IOException {
        List<String> out = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(Preface.CLIENT.toByteArray());
            FrameWriter.write(SettingsFrame.of(), bytes);
            for (Frame f : frames) FrameWriter.write(f, bytes);
            try {
                socket.getOutputStream().write(bytes.toByteArray());
                socket.shutdownOutput();
            } catch (IOException closedEarly) {
                // the server may close on a connection error before reading everything
            }
            FrameReader reader = new FrameReader(socket.getInputStream());
            while (true) {
                Frame f;
                try {
                    f = reader.readFrame();
                } catch (FrameException | IOException end) {
                    break;
                }
                if (f == null) break;
                String s = answer(f);
                if (s != null) out.add(s);
            }
        }
        return out;
    }
}
