package io.grpcspec.property.composed;

import io.grpcspec.property.engine.Source;
import io.grpcspec.property.model.ConnectionModel;
import io.grpcspec.property.model.Side;
import io.grpcspec.property.model.World;
import io.grpcspec.spec.connection.GoAwayRules;
import io.grpcspec.spec.connection.SettingsRules;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.flow.FlowControlRules;
import io.grpcspec.spec.stream.HeaderBlockRules;
import io.grpcspec.spec.stream.StreamRules;
import io.grpcspec.spec.stream.StreamState;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.PushPromiseFrame;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A way to break a valid conversation, with the answer RFC 9113 demands: the frames a broken
 * peer sends next to one endpoint, and the rule, error code and scope the endpoint must cite.
 * A plan returns null when the mutation does not apply in the current state (the property then
 * discards the case). Expected answers come from the rule catalogue's statements, not from
 * running the machine.
 */
enum Mutation {

    /** Two new streams opened in the wrong order: the second id is below the first (STR-10). */
    REORDER_NEW_STREAMS {
        @Override
        Injection plan(World w, Source src) {
            Endpoint s = w.server();
            if (!usable(s) || s.goAwaySent() != io.grpcspec.spec.connection.GoAwayState.Sent.NONE) return null;
            int next = nextClientStream(w);
            return new Injection(Side.SERVER, List.of(headers(next + 2, true), headers(next, true)),
                    StreamRules.STR_10, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        }
    },

    /** A frame of another type inside an unfinished header block (HB-1). */
    INTERLEAVE_HEADER_BLOCK {
        @Override
        Injection plan(World w, Source src) {
            if (!usable(w.server())) return null;
            int next = nextClientStream(w);
            Frame intruder = src.bool() ? new PingFrame(false, 7) : new WindowUpdateFrame(0, 1);
            return new Injection(Side.SERVER, List.of(headers(next, false), intruder),
                    HeaderBlockRules.HB_1, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        }
    },

    /** A CONTINUATION on another stream than the block it continues (HB-2). */
    CONTINUATION_ON_OTHER_STREAM {
        @Override
        Injection plan(World w, Source src) {
            if (!usable(w.server())) return null;
            int next = nextClientStream(w);
            return new Injection(Side.SERVER, List.of(headers(next, false), new ContinuationFrame(next + 2, Bytes.EMPTY, true)),
                    HeaderBlockRules.HB_2, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        }
    },

    /** A CONTINUATION with no header block open (HB-3), e.g. a HEADERS dropped before it. */
    CONTINUATION_WITHOUT_BLOCK {
        @Override
        Injection plan(World w, Source src) {
            Side to = src.bool() ? Side.SERVER : Side.CLIENT;
            if (!usable(w.endpoint(to))) return null;
            return new Injection(to, List.of(new ContinuationFrame(1, Bytes.EMPTY, true)),
                    HeaderBlockRules.HB_3, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        }
    },

    /** WINDOW_UPDATE with increment 0: connection error on stream 0, stream error on a stream (FC-1). */
    WINDOW_UPDATE_ZERO {
        @Override
        Injection plan(World w, Source src) {
            Side to = src.bool() ? Side.SERVER : Side.CLIENT;
            Endpoint r = w.endpoint(to);
            if (!usable(r)) return null;
            List<Integer> live = new ArrayList<>();
            for (int id : r.liveStreams()) {
                StreamState st = r.streamState(id);
                if (st == StreamState.OPEN || st == StreamState.HALF_CLOSED_REMOTE) live.add(id);
            }
            if (live.isEmpty() || src.bool()) {
                return new Injection(to, List.of(new WindowUpdateFrame(0, 0)), FlowControlRules.FC_1, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
            }
            int id = src.pick(live);
            return new Injection(to, List.of(new WindowUpdateFrame(id, 0)), FlowControlRules.FC_1, ErrorCode.PROTOCOL_ERROR, Scope.STREAM);
        }
    },

    /** WINDOW_UPDATE lifting the connection window above 2^31-1 (FC-2). */
    WINDOW_UPDATE_OVERFLOW {
        @Override
        Injection plan(World w, Source src) {
            Side to = src.bool() ? Side.SERVER : Side.CLIENT;
            Endpoint r = w.endpoint(to);
            if (!usable(r) || r.connectionSendWindow() <= 0) return null;
            return new Injection(to, List.of(new WindowUpdateFrame(0, Integer.MAX_VALUE)),
                    FlowControlRules.FC_2, ErrorCode.FLOW_CONTROL_ERROR, Scope.CONNECTION);
        }
    },

    /** GOAWAY whose last-stream-id is above the previous one's (GA-5). */
    GOAWAY_INCREASE {
        @Override
        Injection plan(World w, Source src) {
            Endpoint c = w.client();
            if (!usable(c)) return null;
            // the client must stay open after the first GOAWAY: it names a live client stream
            OptionalInt got = c.goAwayReceived();
            int first = -1;
            for (int id : c.liveStreams()) if (id % 2 == 1 && (got.isEmpty() || id <= got.getAsInt())) first = id;
            if (first < 0) return null;
            return new Injection(Side.CLIENT, List.of(new GoAwayFrame(first, ErrorCode.NO_ERROR, Bytes.EMPTY),
                    new GoAwayFrame(first + 2, ErrorCode.NO_ERROR, Bytes.EMPTY)),
                    GoAwayRules.GA_5, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        }
    },

    /** DATA one byte beyond a stream's receive window (FC-8). */
    EXCEED_STREAM_WINDOW {
        @Override
        Injection plan(World w, Source src) {
            Side to = src.bool() ? Side.SERVER : Side.CLIENT;
            int id = receivingStream(w.endpoint(to), src, 16_383);
            if (id < 0) return null;
            int window = w.endpoint(to).streamReceiveWindow(id).getAsInt();
            return new Injection(to, List.of(new DataFrame(id, Bytes.of(new byte[Math.max(0, window) + 1]), false)),
                    FlowControlRules.FC_8, ErrorCode.FLOW_CONTROL_ERROR, Scope.STREAM);
        }
    },

    /** Padded DATA whose data fits the stream window but whose padding does not (FC-4, FC-8). */
    PADDING_EXCEEDS_WINDOW {
        @Override
        Injection plan(World w, Source src) {
            Side to = src.bool() ? Side.SERVER : Side.CLIENT;
            int id = receivingStream(w.endpoint(to), src, 16_000);
            if (id < 0) return null;
            int window = Math.max(0, w.endpoint(to).streamReceiveWindow(id).getAsInt());
            int pad = Math.min(255, window);
            // data + pad-length octet + padding = window + 1
            return new Injection(to, List.of(new DataFrame(id, Bytes.of(new byte[window - pad]), false, pad)),
                    FlowControlRules.FC_8, ErrorCode.FLOW_CONTROL_ERROR, Scope.STREAM);
        }
    },

    /** DATA on a stream the client never opened, as if its HEADERS had been dropped (STR-1). */
    DROP_HEADERS {
        @Override
        Injection plan(World w, Source src) {
            // after its final GOAWAY a server ignores frames on streams above its last-stream-id (GA-4)
            if (!usable(w.server()) || w.server().goAwaySent() != io.grpcspec.spec.connection.GoAwayState.Sent.NONE) return null;
            return new Injection(Side.SERVER, List.of(new DataFrame(nextClientStream(w) + 2, Bytes.of((byte) 1), false)),
                    StreamRules.STR_1, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        }
    },

    /** DATA after the peer's END_STREAM, as if that DATA frame were duplicated (STR-2). */
    DUPLICATE_END_STREAM {
        /** Random walks seldom stop with a half-closed stream: the client opens one with END_STREAM and it is delivered. */
        @Override
        World prepare(ConnectionModel model, World w) throws io.grpcspec.property.model.TransitionSystem.Broken {
            if (!w.client().ready() || !w.client().canOpenStream()) return w;
            World opened = model.apply(w, Side.CLIENT, new io.grpcspec.spec.endpoint.EndpointEvent.OpenStream(
                    ConnectionModel.requestHeaders(), true, 0));
            return model.settle(opened);
        }

        @Override
        Injection plan(World w, Source src) {
            Side to = src.bool() ? Side.SERVER : Side.CLIENT;
            Endpoint r = w.endpoint(to);
            if (!usable(r)) return null;
            List<Integer> ended = new ArrayList<>();
            for (int id : r.liveStreams()) if (r.streamState(id) == StreamState.HALF_CLOSED_REMOTE) ended.add(id);
            if (ended.isEmpty()) return null;
            return new Injection(to, List.of(new DataFrame(src.pick(ended), Bytes.EMPTY, true)),
                    StreamRules.STR_2, ErrorCode.STREAM_CLOSED, Scope.STREAM);
        }
    },

    /** A client HEADERS on an even (server) stream id (STR-9). */
    WRONG_PARITY {
        @Override
        Injection plan(World w, Source src) {
            if (!usable(w.server())) return null;
            return new Injection(Side.SERVER, List.of(headers(nextClientStream(w) + 1, true)),
                    StreamRules.STR_9, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        }
    },

    /** A PUSH_PROMISE sent to a server (STR-15). */
    PUSH_PROMISE_TO_SERVER {
        @Override
        Injection plan(World w, Source src) {
            if (!usable(w.server())) return null;
            return new Injection(Side.SERVER, List.of(new PushPromiseFrame(1, 2, Bytes.of((byte) 0x82), true, Frame.NO_PADDING)),
                    StreamRules.STR_15, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        }
    },

    /** A SETTINGS value corrupted out of its range (SET-2, SET-5, SET-6). */
    CORRUPT_SETTING {
        @Override
        Injection plan(World w, Source src) {
            Side to = src.bool() ? Side.SERVER : Side.CLIENT;
            if (!usable(w.endpoint(to))) return null;
            return switch (src.choose(3)) {
                case 0 -> new Injection(to, List.of(SettingsFrame.of(new Setting(SettingId.ENABLE_PUSH, src.drawLong(2, 0xffff_ffffL)))),
                        SettingsRules.SET_2, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
                case 1 -> new Injection(to, List.of(SettingsFrame.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, src.drawLong(1L << 31, 0xffff_ffffL)))),
                        SettingsRules.SET_5, ErrorCode.FLOW_CONTROL_ERROR, Scope.CONNECTION);
                default -> new Injection(to, List.of(SettingsFrame.of(new Setting(SettingId.MAX_FRAME_SIZE,
                        src.bool() ? src.drawLong(0, 16_383) : src.drawLong(16_777_216, 0xffff_ffffL)))),
                        SettingsRules.SET_6, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
            };
        }
    };

    /** What to send and what must come back. */
    record Injection(Side to, List<Frame> frames, Rule rule, ErrorCode code, Scope scope) {}

    abstract Injection plan(World w, Source src);

    /** Moves a generated state on to one where the mutation applies (default: as it is). */
    World prepare(ConnectionModel model, World w) throws io.grpcspec.property.model.TransitionSystem.Broken {
        return w;
    }

    /** Ready for frames: handshake done, not closed, no header block half-received. */
    static boolean usable(Endpoint e) {
        return e.ready() && !e.closed() && e.assembler().pending() == null;
    }

    /** An id above every client stream used or in flight, so HEADERS on it opens a new stream. */
    static int nextClientStream(World w) {
        int highest = Math.max(w.server().streams().highestPeerId(), w.client().streams().highestLocalId());
        return highest == 0 ? 1 : highest + 2;
    }

    static HeadersFrame headers(int id, boolean endHeaders) {
        return new HeadersFrame(id, ConnectionModel.staticRequestBlock(), false, endHeaders);
    }

    /** A live stream {@code r} may receive DATA on, whose window is at most {@code maxWindow}; -1 if none. */
    static int receivingStream(Endpoint r, Source src, int maxWindow) {
        if (!usable(r)) return -1;
        List<Integer> ok = new ArrayList<>();
        for (int id : r.liveStreams()) {
            StreamState st = r.streamState(id);
            OptionalInt win = r.streamReceiveWindow(id);
            if ((st == StreamState.OPEN || st == StreamState.HALF_CLOSED_LOCAL) && win.isPresent()
                    && win.getAsInt() <= maxWindow && (long) r.connectionReceiveWindow() > (long) Math.max(0, win.getAsInt()) + 1) {
                ok.add(id);
            }
        }
        return ok.isEmpty() ? -1 : src.pick(ok);
    }

}
