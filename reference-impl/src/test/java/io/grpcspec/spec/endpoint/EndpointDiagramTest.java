package io.grpcspec.spec.endpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Mermaid;
import io.grpcspec.spec.Role;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.testing.Checks;
import io.grpcspec.testing.GeneratedBlocks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.FrameError;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.SettingsFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The phase diagram of the composed endpoint in spec/endpoint.md, computed by exploring
 * {@link Endpoints#step} (with {@link Endpoints#recover} after a peer violation) breadth-first
 * from the initial state of each role over a fixed alphabet of events. Unlike the lifecycle's
 * diagram it shows phase changes the other parts cause: the last stream closing a draining
 * connection, the third ping strike, a stream-table connection error.
 */
class EndpointDiagramTest {

    private static final int DEPTH = 8;
    private static final long SHUTDOWN_PING = 7;

    private record Named(String name, EndpointEvent event) {}

    private static List<Named> alphabet(Role role) {
        List<Named> a = new ArrayList<>();
        a.add(new Named("Start", new EndpointEvent.Start(0, 0)));
        if (role == Role.SERVER) {
            a.add(new Named("preface", new EndpointEvent.PrefaceReceived(Preface.CLIENT, 0)));
            a.add(new Named("bogus preface", new EndpointEvent.PrefaceReceived(Bytes.ofAscii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 0)));
            a.add(new Named("HEADERS", frame(new HeadersFrame(1, Bytes.ofAscii("h"), true, true))));
            a.add(new Named("trailers", new EndpointEvent.SendHeaders(1, EndpointStreamsTest.TRAILERS, true, 0)));
            a.add(new Named("PING ACK", frame(new PingFrame(true, SHUTDOWN_PING))));
            a.add(new Named("GOAWAY_PING timer", new EndpointEvent.TimerFired(Timer.GOAWAY_PING, 0, 0)));
        } else {
            a.add(new Named("OpenStream", new EndpointEvent.OpenStream(EndpointStreamsTest.REQUEST, true, 0)));
            a.add(new Named("HEADERS", frame(new HeadersFrame(1, Bytes.ofAscii("h"), true, true))));
        }
        a.add(new Named("SETTINGS", frame(new SettingsFrame(false, List.of()))));
        a.add(new Named("PING", frame(new PingFrame(false, 1))));
        a.add(new Named("GOAWAY", frame(new GoAwayFrame(0, ErrorCode.NO_ERROR, Bytes.EMPTY))));
        a.add(new Named("frame error", new EndpointEvent.FrameRejected(
                new FrameError(FrameError.Kind.STREAM_FRAME_ON_STREAM_ZERO, 0, 0x0, "DATA on stream 0", null), 0)));
        a.add(new Named("Shutdown", new EndpointEvent.Shutdown(true, SHUTDOWN_PING, 0)));
        a.add(new Named("abrupt Shutdown", new EndpointEvent.Shutdown(false, 0, 0)));
        a.add(new Named("HANDSHAKE timer", new EndpointEvent.TimerFired(Timer.HANDSHAKE, 0, 0)));
        a.add(new Named("PREFACE timer", new EndpointEvent.TimerFired(Timer.PREFACE, 0, 0)));
        a.add(new Named("PeerClosed", new EndpointEvent.PeerClosed("eof", 0)));
        return a;
    }

    private static EndpointEvent frame(io.grpcspec.wire.Frame f) {
        return new EndpointEvent.FrameReceived(f, 0);
    }

    static String diagram() {
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            EndpointConfig config = role == Role.CLIENT ? EndpointConfig.client() : EndpointConfig.server();
            Set<Endpoint> seen = new HashSet<>();
            Deque<Endpoint> frontier = new ArrayDeque<>();
            Endpoint start = Endpoints.initial(config);
            frontier.add(start);
            seen.add(start);
            for (int depth = 0; depth < DEPTH && !frontier.isEmpty(); depth++) {
                Deque<Endpoint> next = new ArrayDeque<>();
                for (Endpoint s : frontier) {
                    for (Named n : alphabet(role)) {
                        Step<Endpoint> st;
                        try {
                            st = Endpoints.step(s, n.event());
                        } catch (IllegalStateException notForThisState) {
                            continue; // a driver never sends it here (e.g. Start twice)
                        }
                        String label = n.name();
                        if (st.isViolation()) {
                            if (Endpoints.isLocal(n.event())) continue;
                            label = n.name() + " / " + st.violation().rule().id();
                            st = Endpoints.recover(s, n.event(), st.violation());
                        }
                        Endpoint to = st.state();
                        if (to.phase() != s.phase()) {
                            labels.computeIfAbsent(s.phase() + " " + to.phase(), k -> new LinkedHashSet<>()).add(label);
                        }
                        if (seen.add(to)) next.add(to);
                    }
                }
                frontier = next;
            }
        }
        List<Mermaid.Edge> edges = new ArrayList<>();
        edges.add(new Mermaid.Edge("[*]", "", "IDLE"));
        labels.forEach((key, set) -> {
            String[] ft = key.split(" ");
            edges.add(new Mermaid.Edge(ft[0], String.join(", ", set), ft[1]));
        });
        edges.add(new Mermaid.Edge("CLOSED", "", "[*]"));
        return Mermaid.stateDiagram(edges);
    }

    @Test
    @Checks({"KA-11", "GA-9", "GA-10"})
    void phaseDiagramMatchesTheCode() {
        String d = diagram();
        // The composition adds edges no single part has: these must be there.
        assertTrue(d.contains("PING / KA-10"), d);
        assertTrue(d.contains("DRAINING --> CLOSED") && d.contains("trailers"), d);
        assertTrue(d.contains("frame error / FR-12"), d);
        GeneratedBlocks.check("spec/endpoint.md", "diagram", d);
    }
}
