package io.grpcspec.oracle.serve;

import io.grpcspec.oracle.RuleCatalogue;
import io.grpcspec.spec.Rule;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.PushPromiseFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.UnknownFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of the client's rules a thing the client did put to the test: a rule the oracle judges
 * counts as exercised (and, never broken, as passed) once something it governs arrived. A frame
 * of a type exercises the rules about that type's layout and about where it may arrive; a
 * request header list exercises the request rules whose fields it carries. The machines judge
 * whether the rule was kept; this table only says that it applied.
 *
 * <p>Rules are named by ID here, not by their constants: applying is not enforcing, and the rule
 * index counts code that names a constant as enforcing it. Every ID is checked against the
 * catalogue when this class loads.
 */
final class Exercise {
    private Exercise() {}

    /** The preface: the client's 24 octets. */
    static final List<String> PREFACE = List.of("FR-1", "CONN-3");
    /** The client's first frame. */
    static final List<String> FIRST_FRAME = List.of("CONN-1", "CONN-4");

    private static final List<String> EVERY_FRAME = List.of("FR-2");
    private static final List<String> DATA = List.of("FR-12", "FC-7", "FC-8", "STR-1", "STR-2", "STR-3", "RPC-22");
    private static final List<String> PADDED = List.of("FR-10", "FR-11", "FC-4");
    private static final List<String> HEADERS = List.of("FR-12", "HB-1", "STR-1", "STR-2", "STR-3", "STR-9", "STR-10",
            "HP-1", "HP-2", "HP-3", "HP-4", "HP-5", "HP-6", "HP-7", "HP-8", "HP-9", "HP-10", "HP-11", "HP-14");
    private static final List<String> HEADERS_PRIORITY = List.of("FR-10", "FR-14");
    private static final List<String> CONTINUATION = List.of("FR-12", "HB-1", "HB-2", "HB-3", "HB-4");
    private static final List<String> PRIORITY = List.of("FR-8", "FR-12", "FR-14");
    private static final List<String> RST_STREAM = List.of("FR-6", "FR-12", "STR-1");
    private static final List<String> SETTINGS = List.of("FR-4", "FR-13");
    private static final List<String> SETTINGS_ACK = List.of("FR-5", "FR-13", "SET-11");
    private static final List<String> PING = List.of("FR-3", "FR-13", "KA-9", "KA-10");
    private static final List<String> GOAWAY = List.of("FR-9", "FR-13", "GA-5");
    private static final List<String> WINDOW_UPDATE = List.of("FR-7", "FC-1", "FC-2");
    private static final List<String> PUSH_PROMISE = List.of("STR-15");

    /** A request's header list: the request rules, plus those of the fields it carries. */
    private static final List<String> REQUEST = List.of("RPC-1", "RPC-2", "RPC-3", "RPC-4", "RPC-5", "RPC-6", "RPC-7", "RPC-9",
            "RPC-12");
    /** Request trailers. */
    private static final List<String> REQUEST_TRAILERS = List.of("RPC-8", "HB-5");
    /** Request body octets: the message framing rules. */
    private static final List<String> REQUEST_DATA = List.of("RPC-14", "RPC-15", "RPC-17", "RPC-35", "RPC-36");

    /**
     * Rules the machines report as the client's, which are not faults: the client could not know
     * our limits or codecs. Reported as exercised, never as broken.
     */
    static final Set<String> OUTCOMES = Set.of("RPC-13", "RPC-16", "RPC-34");

    /** Every rule this table can name: with the observer's own, the rules the server oracle judges. */
    static final List<Rule> ALL;

    static {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (List<String> l : List.of(PREFACE, FIRST_FRAME, EVERY_FRAME, DATA, PADDED, HEADERS, HEADERS_PRIORITY, CONTINUATION, PRIORITY,
                RST_STREAM, SETTINGS, SETTINGS_ACK, PING, GOAWAY, WINDOW_UPDATE, PUSH_PROMISE, REQUEST, REQUEST_TRAILERS, REQUEST_DATA,
                List.of("SET-2", "SET-5", "SET-6", "FC-6", "RPC-10", "RPC-11", "RPC-43"), List.copyOf(OUTCOMES))) {
            ids.addAll(l);
        }
        List<Rule> rules = new ArrayList<>();
        for (String id : ids) {
            Rule r = RuleCatalogue.byId(id);
            if (r == null) throw new IllegalStateException("Exercise names " + id + ", which the catalogue does not have");
            rules.add(r);
        }
        ALL = List.copyOf(rules);
    }

    /** The rules a frame the client sent applies to. */
    static List<String> of(Frame f) {
        List<String> out = new ArrayList<>(EVERY_FRAME);
        switch (f) {
            case DataFrame d -> {
                out.addAll(DATA);
                if (d.padded()) out.addAll(PADDED);
            }
            case HeadersFrame h -> {
                out.addAll(HEADERS);
                if (h.padded()) out.addAll(PADDED.subList(0, 2));
                if (h.priority() != null) out.addAll(HEADERS_PRIORITY);
            }
            case ContinuationFrame c -> out.addAll(CONTINUATION);
            case PriorityFrame p -> out.addAll(PRIORITY);
            case RstStreamFrame r -> out.addAll(RST_STREAM);
            case SettingsFrame s -> {
                out.addAll(s.ack() ? SETTINGS_ACK : SETTINGS);
                for (Setting x : s.settings()) {
                    if (x.id() == SettingId.ENABLE_PUSH) out.add("SET-2");
                    if (x.id() == SettingId.INITIAL_WINDOW_SIZE) out.addAll(List.of("SET-5", "FC-6"));
                    if (x.id() == SettingId.MAX_FRAME_SIZE) out.add("SET-6");
                }
            }
            case PingFrame p -> out.addAll(PING);
            case GoAwayFrame g -> out.addAll(GOAWAY);
            case WindowUpdateFrame w -> out.addAll(WINDOW_UPDATE);
            case PushPromiseFrame p -> out.addAll(PUSH_PROMISE);
            case UnknownFrame u -> { } // ignored by rule (FR-16): nothing of the client's is at stake
        }
        return out;
    }

    /** The rules a request header list (the first block of a client stream) applies to. */
    static List<String> ofRequest(List<HeaderField> fields) {
        List<String> out = new ArrayList<>(REQUEST);
        for (HeaderField f : fields) {
            switch (f.name()) {
                case "grpc-timeout" -> out.add("RPC-10");
                case "grpc-encoding" -> out.add("RPC-13");
                case "content-length" -> out.add("RPC-43");
                default -> {
                    if (f.name().endsWith("-bin")) out.add("RPC-11");
                }
            }
        }
        return out;
    }

    static List<String> ofRequestTrailers() {
        return REQUEST_TRAILERS;
    }

    static List<String> ofRequestData() {
        return REQUEST_DATA;
    }
}
