package io.grpcspec.spec.stream;

import static io.grpcspec.spec.stream.FrameKind.*;
import static io.grpcspec.spec.stream.StreamRules.*;
import static io.grpcspec.spec.stream.StreamState.*;

import io.grpcspec.spec.stream.Transition.Discard;
import io.grpcspec.spec.stream.Transition.Illegal;
import io.grpcspec.spec.stream.Transition.Legal;
import io.grpcspec.spec.stream.Transition.Tolerated;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Mermaid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stream state machine of RFC 9113 §5.1 as one pure function of (state, how it closed,
 * direction, frame kind). It knows nothing about identifiers, limits or flow control: those are
 * the {@link StreamTable}'s job, which calls this for every frame of a known stream.
 *
 * <p>The whole function is rendered into {@code spec/tables/stream-states.md} and its edges
 * into the diagram of {@code spec/streams.md}, so the prose never drifts from this code.
 *
 * <p>Frames we send that a state forbids come back as {@link StreamRules#STR_8} with
 * INTERNAL_ERROR and stream scope: they are our own bug, and the driver must not write them.
 */
public final class StreamTransitions {
    private StreamTransitions() {}

    public static Transition apply(StreamState state, Closure closure, Direction dir, FrameKind kind) {
        return dir == Direction.SENT ? sent(state, closure, kind) : received(state, closure, kind);
    }

    private static Transition received(StreamState state, Closure closure, FrameKind kind) {
        if (kind == PRIORITY) {
            // PRIORITY is legal on a stream in any state (§5.1, §6.3) and never moves it.
            return state == CLOSED ? new Discard(STR_5) : new Legal(state, closure);
        }
        if (kind == PROMISED) {
            // Only an idle stream can be promised (§6.6); push permission is checked by the table.
            return state == IDLE ? legal(RESERVED_REMOTE) : conn(STR_17, ErrorCode.PROTOCOL_ERROR);
        }
        return switch (state) {
            case IDLE -> switch (kind) {
                case HEADERS -> legal(OPEN);
                case HEADERS_END_STREAM -> legal(HALF_CLOSED_REMOTE);
                default -> conn(STR_1, ErrorCode.PROTOCOL_ERROR);
            };
            case RESERVED_LOCAL -> switch (kind) {
                case RST_STREAM -> closed(Closure.RESET_RECEIVED);
                case WINDOW_UPDATE -> legal(RESERVED_LOCAL);
                default -> conn(STR_6, ErrorCode.PROTOCOL_ERROR);
            };
            case RESERVED_REMOTE -> switch (kind) {
                case HEADERS -> legal(HALF_CLOSED_LOCAL);
                case HEADERS_END_STREAM -> closed(Closure.END_STREAM);
                case RST_STREAM -> closed(Closure.RESET_RECEIVED);
                default -> conn(STR_7, ErrorCode.PROTOCOL_ERROR);
            };
            case OPEN -> switch (kind) {
                case HEADERS, DATA, WINDOW_UPDATE, PUSH_PROMISE -> legal(OPEN);
                case HEADERS_END_STREAM, DATA_END_STREAM -> legal(HALF_CLOSED_REMOTE);
                case RST_STREAM -> closed(Closure.RESET_RECEIVED);
                case PRIORITY, PROMISED -> throw new AssertionError(kind); // handled above
            };
            case HALF_CLOSED_LOCAL -> switch (kind) {
                case HEADERS, DATA, WINDOW_UPDATE, PUSH_PROMISE -> legal(HALF_CLOSED_LOCAL);
                case HEADERS_END_STREAM, DATA_END_STREAM -> closed(Closure.END_STREAM);
                case RST_STREAM -> closed(Closure.RESET_RECEIVED);
                case PRIORITY, PROMISED -> throw new AssertionError(kind); // handled above
            };
            case HALF_CLOSED_REMOTE -> switch (kind) {
                case WINDOW_UPDATE -> legal(HALF_CLOSED_REMOTE);
                case RST_STREAM -> closed(Closure.RESET_RECEIVED);
                // §6.6 names this case precisely: the associated stream is not open/half-closed (local).
                case PUSH_PROMISE -> conn(STR_17, ErrorCode.PROTOCOL_ERROR);
                default -> new Illegal(STR_2, ErrorCode.STREAM_CLOSED, Scope.STREAM);
            };
            case CLOSED -> receivedOnClosed(closure, kind);
        };
    }

    private static Transition receivedOnClosed(Closure closure, FrameKind kind) {
        if (closure == Closure.RESET_SENT) {
            // The peer may have sent anything before it saw our RST_STREAM (§5.1): drop it.
            return new Discard(STR_4);
        }
        return switch (kind) {
            case WINDOW_UPDATE, RST_STREAM -> new Discard(STR_5);
            case PUSH_PROMISE -> conn(STR_17, ErrorCode.PROTOCOL_ERROR);
            // The peer itself ended the stream, so it knew: no excuse for more of it. The RFC lets
            // the answer be a connection error (a MAY); by default it is dropped and reported.
            default -> new Tolerated(STR_3, ErrorCode.STREAM_CLOSED, Scope.CONNECTION);
        };
    }

    private static Transition sent(StreamState state, Closure closure, FrameKind kind) {
        if (kind == PRIORITY) return new Legal(state, closure);
        if (kind == PROMISED) return state == IDLE ? legal(RESERVED_LOCAL) : ours();
        return switch (state) {
            case IDLE -> switch (kind) {
                case HEADERS -> legal(OPEN);
                case HEADERS_END_STREAM -> legal(HALF_CLOSED_LOCAL);
                default -> ours(); // includes RST_STREAM, forbidden on idle streams (§6.4)
            };
            case RESERVED_LOCAL -> switch (kind) {
                case HEADERS -> legal(HALF_CLOSED_REMOTE);
                case HEADERS_END_STREAM -> closed(Closure.END_STREAM);
                case RST_STREAM -> closed(Closure.RESET_SENT);
                default -> ours();
            };
            case RESERVED_REMOTE -> switch (kind) {
                case WINDOW_UPDATE -> legal(RESERVED_REMOTE);
                case RST_STREAM -> closed(Closure.RESET_SENT);
                default -> ours();
            };
            case OPEN -> switch (kind) {
                case HEADERS, DATA, WINDOW_UPDATE, PUSH_PROMISE -> legal(OPEN);
                case HEADERS_END_STREAM, DATA_END_STREAM -> legal(HALF_CLOSED_LOCAL);
                case RST_STREAM -> closed(Closure.RESET_SENT);
                case PRIORITY, PROMISED -> throw new AssertionError(kind); // handled above
            };
            case HALF_CLOSED_LOCAL -> switch (kind) {
                case WINDOW_UPDATE -> legal(HALF_CLOSED_LOCAL);
                case RST_STREAM -> closed(Closure.RESET_SENT);
                default -> ours();
            };
            case HALF_CLOSED_REMOTE -> switch (kind) {
                case HEADERS, DATA, WINDOW_UPDATE, PUSH_PROMISE -> legal(HALF_CLOSED_REMOTE);
                case HEADERS_END_STREAM, DATA_END_STREAM -> closed(Closure.END_STREAM);
                case RST_STREAM -> closed(Closure.RESET_SENT);
                case PRIORITY, PROMISED -> throw new AssertionError(kind); // handled above
            };
            case CLOSED -> ours();
        };
    }

    private static Transition legal(StreamState s) {
        return new Legal(s, Closure.NONE);
    }

    private static Transition closed(Closure how) {
        return new Legal(CLOSED, how);
    }

    private static Transition conn(Rule rule, ErrorCode code) {
        return new Illegal(rule, code, Scope.CONNECTION);
    }

    private static Transition ours() {
        return new Illegal(STR_8, ErrorCode.INTERNAL_ERROR, Scope.STREAM);
    }
    // ------------------------------------------------------------------ rendering for spec/

    /**
     * The §5.1 state diagram, computed from {@link #apply}: one arrow per pair of distinct states
     * some legal frame connects, labelled like RFC 9113's figure (H = HEADERS, ES = END_STREAM,
     * R = RST_STREAM, PP = PUSH_PROMISE).
     */
    public static String diagram() {
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        for (StreamState from : StreamState.values()) {
            if (from == CLOSED) continue;
            for (Direction dir : Direction.values()) {
                for (FrameKind kind : FrameKind.values()) {
                    if (apply(from, Closure.NONE, dir, kind) instanceof Legal l && l.state() != from) {
                        String key = from.name() + " " + l.state().name();
                        labels.computeIfAbsent(key, k -> new LinkedHashSet<>())
                                .add((dir == Direction.SENT ? "send " : "recv ") + shortLabel(from, kind));
                    }
                }
            }
        }
        List<Mermaid.Edge> edges = new ArrayList<>();
        edges.add(new Mermaid.Edge("[*]", "", nodeId(IDLE)));
        labels.forEach((key, set) -> {
            String[] ft = key.split(" ");
            edges.add(new Mermaid.Edge(nodeId(StreamState.valueOf(ft[0])), String.join(", ", set),
                    nodeId(StreamState.valueOf(ft[1]))));
        });
        edges.add(new Mermaid.Edge(nodeId(CLOSED), "", "[*]"));
        String body = Mermaid.stateDiagram(edges);
        StringBuilder names = new StringBuilder();
        for (StreamState st : StreamState.values()) {
            names.append("    state \"").append(st.rfcName()).append("\" as ").append(nodeId(st)).append('\n');
        }
        int headerEnd = body.indexOf('\n') + 1;
        return body.substring(0, headerEnd) + names + body.substring(headerEnd);
    }

    /** The Mermaid node id of a state: its enum name in lower case. */
    public static String nodeId(StreamState s) {
        return s.name().toLowerCase();
    }

    private static String shortLabel(StreamState from, FrameKind kind) {
        return switch (kind) {
            case HEADERS -> "H";
            // From idle or reserved the HEADERS itself opens and ends; elsewhere it is just "ES".
            case HEADERS_END_STREAM -> from == IDLE || from == RESERVED_LOCAL || from == RESERVED_REMOTE ? "H+ES" : "ES";
            case DATA_END_STREAM -> "ES";
            case RST_STREAM -> "R";
            case PROMISED -> "PP";
            default -> kind.label();
        };
    }

    /** One cell of the state table: what the machine answers. */
    public static String describe(StreamState from, Closure closure, Transition t) {
        return switch (t) {
            case Legal l when l.state() == from && l.closure() == closure -> "stays";
            case Legal l -> "→ " + l.state().rfcName() + (l.state() == CLOSED ? " (" + l.closure().label() + ")" : "");
            case Discard d -> "discard (" + d.rule().id() + ")";
            case Tolerated x -> "discard, reported (" + x.rule().id() + "; strict: "
                    + (x.scope() == Scope.CONNECTION ? "**conn** " : "stream ") + x.code() + ")";
            case Illegal i -> (i.scope() == Scope.CONNECTION ? "**conn** " : "stream ") + i.code() + " (" + i.rule().id() + ")";
        };
    }
}
