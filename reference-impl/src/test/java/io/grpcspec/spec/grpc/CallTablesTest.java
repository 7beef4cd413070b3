package io.grpcspec.spec.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Mermaid;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.testing.Checks;
import io.grpcspec.testing.GeneratedBlocks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Snapshots of both call machines: the outcome of every (phase, event) pair over representative
 * events, into spec/tables/, and state diagrams computed from the same transitions, into
 * spec/grpc.md. A change of behaviour shows up as a diff to review.
 */
class CallTablesTest {

    private static final Bytes FRAMED = MessageFramer.frame(Bytes.ofAscii("hi"));

    // --- server --------------------------------------------------------------------------------

    /**
     * One example per phase, as the driver leaves it after the request headers: the method not
     * looked up yet (so the lookup events show their effect), nothing asked for by the application.
     */
    private static Map<String, ServerCall> serverStates() {
        ServerCall fresh = ServerCall.start(1, CallConfig.DEFAULT);
        ServerCall open = ServerCallTest.after(fresh, new ServerCallEvent.HeadersReceived(Fields.request("grpc-timeout", "1S"), false));
        ServerCall openResponding = ServerCallTest.after(open, new ServerCallEvent.SendResponseHeaders(Metadata.EMPTY));
        ServerCall half = ServerCallTest.after(open, new ServerCallEvent.DataReceived(Bytes.EMPTY, true));
        ServerCall halfResponding = ServerCallTest.after(half, new ServerCallEvent.SendResponseHeaders(Metadata.EMPTY));
        ServerCall closed = ServerCallTest.after(halfResponding, new ServerCallEvent.FinishCall(Status.OK, Metadata.EMPTY));
        ServerCall rejecting = ServerCallTest.after(fresh,
                new ServerCallEvent.HeadersReceived(Fields.with(Fields.request(), "content-type", "text/plain"), false));
        Map<String, ServerCall> m = new LinkedHashMap<>();
        for (ServerCall s : List.of(fresh, open, openResponding, half, halfResponding, rejecting, closed)) m.put(s.phase().name(), s);
        assertEquals(ServerCall.Phase.values().length, m.size(), "one example per phase");
        return m;
    }

    static Map<String, ServerCallEvent> serverEvents() {
        Map<String, ServerCallEvent> m = new LinkedHashMap<>();
        m.put("HEADERS request", new ServerCallEvent.HeadersReceived(Fields.request(), false));
        m.put("HEADERS request+ES", new ServerCallEvent.HeadersReceived(Fields.request(), true));
        m.put("HEADERS malformed", new ServerCallEvent.HeadersReceived(Fields.plus(Fields.request(), "connection", "close"), false));
        m.put("HEADERS non-gRPC", new ServerCallEvent.HeadersReceived(Fields.with(Fields.request(), "content-type", "text/plain"), false));
        m.put("HEADERS trailers+ES", new ServerCallEvent.HeadersReceived(Fields.of("x-trailer", "1"), true));
        m.put("DATA message", new ServerCallEvent.DataReceived(FRAMED, false));
        m.put("DATA 2 messages", new ServerCallEvent.DataReceived(FRAMED.concat(FRAMED), false));
        m.put("DATA message+ES", new ServerCallEvent.DataReceived(FRAMED, true));
        m.put("DATA partial+ES", new ServerCallEvent.DataReceived(FRAMED.slice(0, 6), true));
        m.put("DATA oversized", new ServerCallEvent.DataReceived(Bytes.ofHex("00 7fffffff"), false));
        m.put("RST_STREAM CANCEL", new ServerCallEvent.RstStreamReceived(ErrorCode.CANCEL.code()));
        m.put("deadline", new ServerCallEvent.DeadlineExpired(0));
        m.put("reset sent", new ServerCallEvent.ResetSent(ErrorCode.PROTOCOL_ERROR, "stream error"));
        m.put("stream closed", new ServerCallEvent.StreamClosed("connection closed"));
        m.put("lookup: one request", new ServerCallEvent.MethodResolved(false));
        m.put("lookup: request stream", new ServerCallEvent.MethodResolved(true));
        m.put("lookup: unknown", new ServerCallEvent.MethodUnknown("unknown service pkg.Svc"));
        m.put("app request", new ServerCallEvent.RequestMessages(1));
        m.put("message delivered", new ServerCallEvent.MessageDelivered());
        m.put("message unreadable", new ServerCallEvent.MessageUnreadable(Unreadable.UNPARSABLE, "not a message"));
        m.put("write stalled", new ServerCallEvent.WriteStalled("no credit"));
        m.put("no handler thread", new ServerCallEvent.HandlerUnavailable("server busy"));
        m.put("app headers", new ServerCallEvent.SendResponseHeaders(Metadata.EMPTY));
        m.put("app message", new ServerCallEvent.SendResponseMessage(GrpcMessage.of(Bytes.ofAscii("yo"))));
        m.put("app finish", new ServerCallEvent.FinishCall(Status.OK, Metadata.EMPTY));
        return m;
    }

    // --- client --------------------------------------------------------------------------------

    /** One example per phase; the application has asked for one message, and the stream is open. */
    private static Map<String, ClientCall> clientStates() {
        ClientCall idle = ClientCallTest.after(ClientCall.create(CallConfig.DEFAULT), new ClientCallEvent.RequestMessages(1));
        ClientCall open = ClientCallTest.after(idle, ClientCallTest.startWithDeadline(), new ClientCallEvent.StreamAssigned(1));
        ClientCall openReceiving = ClientCallTest.after(open, new ClientCallEvent.HeadersReceived(Fields.responseHeaders(), false));
        ClientCall half = ClientCallTest.after(open, new ClientCallEvent.HalfClose());
        ClientCall halfReceiving = ClientCallTest.after(half, new ClientCallEvent.HeadersReceived(Fields.responseHeaders(), false));
        // A message handed over and not yet answered for when the trailers come: the status waits.
        ClientCall draining = ClientCallTest.after(halfReceiving, new ClientCallEvent.DataReceived(FRAMED, false),
                new ClientCallEvent.HeadersReceived(Fields.of("grpc-status", "0"), true));
        ClientCall closed = ClientCallTest.after(halfReceiving, new ClientCallEvent.HeadersReceived(Fields.of("grpc-status", "0"), true));
        Map<String, ClientCall> m = new LinkedHashMap<>();
        for (ClientCall s : List.of(idle, open, openReceiving, half, halfReceiving, draining, closed)) m.put(s.phase().name(), s);
        assertEquals(ClientCall.Phase.values().length, m.size(), "one example per phase");
        return m;
    }

    static Map<String, ClientCallEvent> clientEvents() {
        Map<String, ClientCallEvent> m = new LinkedHashMap<>();
        m.put("app start", ClientCallTest.startWithDeadline());
        m.put("app message", new ClientCallEvent.SendRequestMessage(GrpcMessage.of(Bytes.ofAscii("hi")), false));
        m.put("app last message", new ClientCallEvent.SendRequestMessage(GrpcMessage.of(Bytes.ofAscii("hi")), true));
        m.put("app half-close", new ClientCallEvent.HalfClose());
        m.put("app cancel", new ClientCallEvent.CancelCall("cancelled by the application"));
        m.put("app request", new ClientCallEvent.RequestMessages(1));
        m.put("message delivered", new ClientCallEvent.MessageDelivered());
        m.put("message unreadable", new ClientCallEvent.MessageUnreadable(Unreadable.UNPARSABLE, "not a message"));
        m.put("write stalled", new ClientCallEvent.WriteStalled("no credit"));
        m.put("stream assigned", new ClientCallEvent.StreamAssigned(3));
        m.put("stream not started", new ClientCallEvent.StreamNotStarted("draining"));
        m.put("transport picked", new ClientCallEvent.TransportPicked(0));
        m.put("pick failed", new ClientCallEvent.PickFailed("no transport"));
        m.put("pick timed out", new ClientCallEvent.PickTimedOut("no transport in time"));
        m.put("HEADERS response", new ClientCallEvent.HeadersReceived(Fields.responseHeaders(), false));
        m.put("HEADERS 1xx", new ClientCallEvent.HeadersReceived(Fields.of(":status", "100"), false));
        m.put("HEADERS 503", new ClientCallEvent.HeadersReceived(Fields.of(":status", "503"), false));
        m.put("HEADERS trailers+ES", new ClientCallEvent.HeadersReceived(Fields.of("grpc-status", "0"), true));
        m.put("HEADERS trailers-only+ES", new ClientCallEvent.HeadersReceived(Fields.responseHeaders("grpc-status", "5"), true));
        m.put("DATA message", new ClientCallEvent.DataReceived(FRAMED, false));
        m.put("DATA message+ES", new ClientCallEvent.DataReceived(FRAMED, true));
        m.put("DATA oversized", new ClientCallEvent.DataReceived(Bytes.ofHex("00 7fffffff"), false));
        m.put("RST_STREAM REFUSED_STREAM", new ClientCallEvent.RstStreamReceived(ErrorCode.REFUSED_STREAM.code(), 0));
        m.put("RST_STREAM CANCEL at deadline", new ClientCallEvent.RstStreamReceived(ErrorCode.CANCEL.code(), 2 * ClientCallTest.SECOND));
        m.put("GOAWAY not processed", new ClientCallEvent.NotProcessed("GOAWAY"));
        m.put("connection closed", new ClientCallEvent.TransportClosed("EOF"));
        m.put("deadline", new ClientCallEvent.DeadlineExpired(0));
        m.put("reset sent", new ClientCallEvent.ResetSent(ErrorCode.PROTOCOL_ERROR, "stream error"));
        return m;
    }

    // --- rendering -----------------------------------------------------------------------------

    private record Cell(String from, String event, String to, String outcome) {}

    private static <S, E> List<Cell> cells(Map<String, S> states, Map<String, E> events,
                                           BiFunction<S, E, Step<S>> on, java.util.function.Function<S, String> phase) {
        List<Cell> out = new ArrayList<>();
        for (Map.Entry<String, S> s : states.entrySet()) {
            for (Map.Entry<String, E> e : events.entrySet()) {
                Step<S> step = on.apply(s.getValue(), e.getValue());
                if (step.isViolation()) {
                    Violation v = step.violation();
                    out.add(new Cell(s.getKey(), e.getKey(), null, "✗ " + v.rule().id() + " " + v.code() + " (stream)"));
                } else {
                    String to = phase.apply(step.state());
                    String acts = step.actions().stream().map(CallTablesTest::describe).collect(Collectors.joining("; "));
                    String what = acts.isEmpty() ? (to.equals(s.getKey()) ? "ignored" : "no actions") : acts;
                    out.add(new Cell(s.getKey(), e.getKey(), to, "→ " + to + ": " + what));
                }
            }
        }
        return out;
    }

    static String describe(Action a) {
        return switch ((CallAction) a) {
            case CallAction.OpenStream o -> "open stream" + key(o.fields());
            case CallAction.SendHeaders h -> "send HEADERS" + (h.endStream() ? "+ES" : "") + key(h.fields());
            case CallAction.SendTrailers t -> "send trailers" + key(t.fields());
            case CallAction.SendMessage m -> "send DATA" + (m.endStream() ? "+ES" : "") + "(" + m.framed().length() + " B)";
            case CallAction.SendBody b -> "send DATA+ES(body " + b.body().length() + " B)";
            case CallAction.SendEndStream e -> "send DATA+ES(empty)";
            case CallAction.SendRstStream r -> "send RST_STREAM(" + r.code() + ")";
            case CallAction.ArmDeadline t -> "arm deadline";
            case CallAction.CancelDeadline t -> "cancel deadline";
            case CallAction.PickTransport p -> "pick transport" + (p.avoidCurrent() ? " (another)" : "");
            case CallAction.ReturnCredit c -> "credit " + c.bytes();
            case CallAction.DeliverRequest r -> "deliver request " + r.request().path();
            case CallAction.DeliverResponseHeaders h -> "deliver headers";
            case CallAction.DeliverMessage m -> "deliver message(" + m.message().payload().length() + " B)";
            case CallAction.DeliverHalfClose h -> "deliver half-close";
            case CallAction.DeliverCancel c -> "deliver cancel";
            case CallAction.Complete c -> "complete " + c.status().code();
            case CallAction.PeerFault f -> "fault " + f.rule().id();
            case CallAction.Refused r -> "refused";
        };
    }

    /** The fields that decide what a HEADERS block means: :status, grpc-status and grpc-timeout. */
    private static String key(List<HeaderField> fields) {
        List<String> parts = new ArrayList<>();
        for (HeaderField f : fields) {
            if (f.name().equals(":status") || f.name().equals("grpc-status") || f.name().equals("grpc-timeout")) {
                parts.add(f.name() + " " + f.value());
            }
        }
        return parts.isEmpty() ? "" : " {" + String.join(", ", parts) + "}";
    }

    private static String table(String title, List<Cell> cells) {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(title).append(" | event | outcome |\n|---|---|---|\n");
        for (Cell c : cells) sb.append("| ").append(c.from()).append(" | ").append(c.event()).append(" | ").append(c.outcome()).append(" |\n");
        return sb.toString();
    }

    /** Edges where the phase changes, labels merged per pair, plus entry and exit. */
    private static String diagram(String initial, List<Cell> cells) {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (Cell c : cells) {
            if (c.to() == null || c.to().equals(c.from())) continue;
            labels.computeIfAbsent(c.from() + "\u0000" + c.to(), k -> new ArrayList<>()).add(c.event());
        }
        List<Mermaid.Edge> edges = new ArrayList<>();
        edges.add(new Mermaid.Edge("[*]", "", initial));
        for (Map.Entry<String, List<String>> e : labels.entrySet()) {
            String[] ft = e.getKey().split("\u0000");
            edges.add(new Mermaid.Edge(ft[0], String.join(", ", e.getValue()), ft[1]));
        }
        edges.add(new Mermaid.Edge("CLOSED", "", "[*]"));
        return "```mermaid\n" + Mermaid.stateDiagram(edges) + "```\n";
    }

    @Test
    @Checks({"RPC-22", "RPC-25", "RPC-26", "RPC-27", "RPC-36", "RPC-37"})
    void serverCallTableAndDiagram() {
        List<Cell> cells = cells(serverStates(), serverEvents(), ServerCall::on, s -> s.phase().name());
        assertEquals(serverStates().size() * serverEvents().size(), cells.size());
        // Whatever happens on an open call, it ends at most once with one Complete.
        for (Cell c : cells) assertTrue(c.outcome().split("complete ").length <= 2, c.toString());
        GeneratedBlocks.check("spec/tables/grpc-server-call.md", "table", table("server phase", cells));
        GeneratedBlocks.check("spec/grpc.md", "diagram-server", diagram("AWAIT_HEADERS", cells));
    }

    @Test
    @Checks({"RPC-22", "RPC-23", "RPC-24", "RPC-25", "RPC-28", "RPC-29", "RPC-30"})
    void clientCallTableAndDiagram() {
        List<Cell> cells = cells(clientStates(), clientEvents(), ClientCall::on, s -> s.phase().name());
        assertEquals(clientStates().size() * clientEvents().size(), cells.size());
        // Every transition into CLOSED from a live phase reports exactly one status.
        for (Cell c : cells) {
            if ("CLOSED".equals(c.to()) && !c.from().equals("CLOSED")) assertTrue(c.outcome().contains("complete "), c.toString());
        }
        GeneratedBlocks.check("spec/tables/grpc-client-call.md", "table", table("client phase", cells));
        GeneratedBlocks.check("spec/grpc.md", "diagram-client", diagram("IDLE", cells));
    }
}
