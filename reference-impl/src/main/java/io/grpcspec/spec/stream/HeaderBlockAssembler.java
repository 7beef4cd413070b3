package io.grpcspec.spec.stream;

import static io.grpcspec.spec.stream.HeaderBlockRules.*;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Mermaid;
import io.grpcspec.spec.Step;
import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.PushPromiseFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.UnknownFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins HEADERS / PUSH_PROMISE and their CONTINUATION frames into one {@link HeaderBlock}
 * (RFC 9113 §4.3, §6.2, §6.10). It sees every frame of the connection, in order, before anything
 * else does: while a block is open nothing but a CONTINUATION on the same stream may arrive.
 *
 * <p>{@code pending} is the unfinished block, or null. {@link #on(Frame)} returns
 * {@link Completed} when a block ends; frames that are no part of a header block pass through with
 * no action, for the driver to route to the other machines. The same machine checks the frame
 * sequence our writer produces.
 *
 * <p>Bound: a block is limited in encoded bytes and in frames (HB-4). HPACK decoding of a block
 * cannot stop half-way without breaking the connection's compression state, so the only safe
 * answer to an over-long block is to end the connection, with ENHANCE_YOUR_CALM. The frame bound
 * catches floods of empty CONTINUATION frames that a byte bound alone never sees. The decoded
 * header-list limit (SETTINGS_MAX_HEADER_LIST_SIZE) is a separate check after HPACK decoding.
 */
public record HeaderBlockAssembler(Limits limits, Pending pending) {

    /** Bounds of one header block: encoded bytes across all its frames, and the number of frames. */
    public record Limits(int maxBytes, int maxFrames) {
        /** 1 MiB and 128 frames: far above real gRPC metadata, far below a flood. */
        public static final Limits DEFAULT = new Limits(1 << 20, 128);
    }

    /**
     * An unfinished block: its fragments so far, in order, joined only when the block ends (so a
     * block of n frames costs n copies of the fragment list, not n copies of the octets: a
     * CONTINUATION flood cannot make us copy a megabyte per frame). {@code frames} counts the
     * HEADERS/PUSH_PROMISE and CONTINUATIONs so far, {@code length} their octets.
     */
    public record Pending(int streamId, List<Bytes> fragments, int length, boolean endStream, boolean pushPromise,
                          int promisedStreamId, int frames) {
        public Pending {
            fragments = List.copyOf(fragments);
        }

        Pending plus(Bytes more) {
            List<Bytes> next = new ArrayList<>(fragments.size() + 1);
            next.addAll(fragments);
            if (!more.isEmpty()) next.add(more);
            return new Pending(streamId, next, length + more.length(), endStream, pushPromise, promisedStreamId, frames + 1);
        }

        /** The fragments joined: the block's encoded octets. */
        Bytes joined() {
            if (fragments.size() == 1) return fragments.get(0);
            byte[] all = new byte[length];
            int at = 0;
            for (Bytes b : fragments) {
                b.copyTo(all, at);
                at += b.length();
            }
            return Bytes.of(all);
        }
    }

    /** What the assembler asks its driver for: only ever to pass on a completed block. */
    public sealed interface AssemblerAction extends Action permits Completed {}

    /** A complete block: feed it to the stream table as {@code HeaderBlockReceived}. */
    public record Completed(HeaderBlock block) implements AssemblerAction {}

    public static HeaderBlockAssembler start(Limits limits) {
        return new HeaderBlockAssembler(limits, null);
    }

    public static HeaderBlockAssembler start() {
        return start(Limits.DEFAULT);
    }

    /** True while a header block waits for its END_HEADERS. */
    public boolean inBlock() {
        return pending != null;
    }

    /** The transition function: one frame, in connection order. */
    public Step<HeaderBlockAssembler> on(Frame frame) {
        if (pending != null) {
            if (!(frame instanceof ContinuationFrame c)) {
                return Step.connectionError(HB_1, ErrorCode.PROTOCOL_ERROR,
                        frame.typeName() + " on stream " + frame.streamId() + " inside the header block of stream " + pending.streamId());
            }
            if (c.streamId() != pending.streamId()) {
                return Step.connectionError(HB_2, ErrorCode.PROTOCOL_ERROR,
                        "CONTINUATION on stream " + c.streamId() + " inside the header block of stream " + pending.streamId());
            }
            return grow(pending.plus(c.fragment()), c.endHeaders());
        }
        return switch (frame) {
            case ContinuationFrame c -> Step.connectionError(HB_3, ErrorCode.PROTOCOL_ERROR,
                    "CONTINUATION on stream " + c.streamId() + " with no header block open");
            case HeadersFrame h -> grow(first(h.streamId(), h.fragment(), h.endStream(), false, 0), h.endHeaders());
            case PushPromiseFrame p -> grow(first(p.streamId(), p.fragment(), false, true, p.promisedStreamId()), p.endHeaders());
            // Every other frame is no part of a header block: it passes through.
            case DataFrame x -> Step.next(this);
            case PriorityFrame x -> Step.next(this);
            case RstStreamFrame x -> Step.next(this);
            case SettingsFrame x -> Step.next(this);
            case PingFrame x -> Step.next(this);
            case GoAwayFrame x -> Step.next(this);
            case WindowUpdateFrame x -> Step.next(this);
            case UnknownFrame x -> Step.next(this);
        };
    }

    private static Pending first(int streamId, Bytes fragment, boolean endStream, boolean pushPromise, int promised) {
        return new Pending(streamId, fragment.isEmpty() ? List.of() : List.of(fragment), fragment.length(), endStream, pushPromise,
                promised, 1);
    }

    /**
     * Adds a fragment; only END_HEADERS releases the block, as the joined fragments with the
     * HEADERS frame's END_STREAM ({@link HeaderBlockRules#HB_6}).
     */
    @Enforces("HB-6")
    private Step<HeaderBlockAssembler> grow(Pending p, boolean endHeaders) {
        if (p.length() > limits.maxBytes() || p.frames() > limits.maxFrames()) {
            return Step.connectionError(HB_4, ErrorCode.ENHANCE_YOUR_CALM,
                    "header block of stream " + p.streamId() + " reached " + p.length() + " bytes in " + p.frames()
                            + " frames (limit " + limits.maxBytes() + " bytes, " + limits.maxFrames() + " frames)");
        }
        if (!endHeaders) return Step.next(new HeaderBlockAssembler(limits, p));
        HeaderBlock block = new HeaderBlock(p.streamId(), p.joined(), p.endStream(), p.pushPromise(), p.promisedStreamId());
        return Step.next(new HeaderBlockAssembler(limits, null), new Completed(block));
    }
    /**
     * The assembler's diagram for {@code spec/header-blocks.md}, computed by running
     * {@link #on(Frame)} on one frame of each relevant shape from both states.
     */
    public static String diagram() {
        Map<String, Frame> probes = new LinkedHashMap<>();
        probes.put("HEADERS+EH", new HeadersFrame(1, Bytes.EMPTY, false, true));
        probes.put("HEADERS", new HeadersFrame(1, Bytes.EMPTY, false, false));
        probes.put("PUSH_PROMISE+EH", new PushPromiseFrame(1, 2, Bytes.EMPTY, true, Frame.NO_PADDING));
        probes.put("PUSH_PROMISE", new PushPromiseFrame(1, 2, Bytes.EMPTY, false, Frame.NO_PADDING));
        probes.put("CONTINUATION", new ContinuationFrame(1, Bytes.EMPTY, false));
        probes.put("CONTINUATION+EH", new ContinuationFrame(1, Bytes.EMPTY, true));
        probes.put("CONTINUATION other stream", new ContinuationFrame(3, Bytes.EMPTY, true));
        probes.put("other frame", new RstStreamFrame(1, ErrorCode.CANCEL));
        HeaderBlockAssembler idle = start();
        HeaderBlockAssembler open = idle.on(probes.get("HEADERS")).state();
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        for (HeaderBlockAssembler from : List.of(idle, open)) {
            probes.forEach((label, frame) -> {
                Step<HeaderBlockAssembler> step = from.on(frame);
                String to;
                String text = label;
                if (step.isViolation()) {
                    to = "connection_error";
                    text = label + " (" + step.violation().rule().id() + ")";
                } else {
                    to = node(step.state());
                    if (!step.actions().isEmpty()) text = label + " / emit block";
                }
                labels.computeIfAbsent(node(from) + " " + to, k -> new LinkedHashSet<>()).add(text);
            });
        }
        List<Mermaid.Edge> edges = new ArrayList<>();
        edges.add(new Mermaid.Edge("[*]", "", "no_block"));
        labels.forEach((key, set) -> {
            String[] ft = key.split(" ");
            edges.add(new Mermaid.Edge(ft[0], String.join(", ", set), ft[1]));
        });
        edges.add(new Mermaid.Edge("connection_error", "PROTOCOL_ERROR", "[*]"));
        return Mermaid.stateDiagram(edges);
    }

    private static String node(HeaderBlockAssembler a) {
        return a.inBlock() ? "in_block" : "no_block";
    }
}
