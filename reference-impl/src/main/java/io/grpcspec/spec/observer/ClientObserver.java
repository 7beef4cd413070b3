package io.grpcspec.spec.observer;

import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.connection.GoAwayRules;
import io.grpcspec.spec.connection.SettingsRules;
import io.grpcspec.spec.grpc.RpcRules;
import io.grpcspec.spec.keepalive.KeepaliveRules;
import io.grpcspec.spec.observer.Judgement.Broken;
import io.grpcspec.spec.observer.Judgement.Kept;
import io.grpcspec.spec.stream.StreamConfig;
import io.grpcspec.spec.stream.StreamRules;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server oracle's view of one client connection beyond what the endpoint machine enforces:
 * the judgements only an observer can make, because they are about what the client does not do
 * (or does too late), about its choices rather than its frames, or about the timing of what it
 * has seen. A pure machine: {@link #on} takes an {@link ObserverEvent} and returns the next state
 * with its {@link Judgement}s; time comes in the events.
 *
 * <ul>
 *   <li>{@link SettingsRules#SET_9}: each SETTINGS frame we send is acknowledged within the
 *       patience; {@link KeepaliveRules#KA_1}: each PING we send is echoed within it, and no
 *       ACK echoes a PING we never sent. The patience runs from the first frame we read from the
 *       client after ours ({@link Outstanding}), or twice from ours when the client says nothing
 *       more: a server too loaded to read the answer in time must not blame the client.</li>
 *   <li>{@link GoAwayRules#GA_8}: once the client has acknowledged a PING we sent after our
 *       GOAWAY, it has read the GOAWAY (one byte stream, in order), so a stream it opens after
 *       that is opened after the GOAWAY. A stream crossing the GOAWAY in flight is no fault.</li>
 *   <li>{@link StreamRules#STR_14}: a stream the machine refused over our MAX_CONCURRENT_STREAMS
 *       ({@link StreamRules#STR_13}) is the client's fault only when every SETTINGS of ours that
 *       set the limit was acknowledged: before that the client may not know it.</li>
 *   <li>{@link RpcRules#RPC_45}: a request names its user-agent; {@link RpcRules#RPC_46}: a
 *       one-message request ends with END_STREAM right after its message (within the patience).</li>
 *   <li>Every other violation the machine reports is the client's fault as it stands.</li>
 * </ul>
 *
 * @param patienceNanos       how long an answer may take before it counts as missing
 * @param settings            our SETTINGS frames not yet acknowledged, oldest first
 * @param pings               our PINGs not yet acknowledged, oldest first
 * @param ackedMaxStreams     the MAX_CONCURRENT_STREAMS of ours the client has acknowledged
 * @param fence               how far our GOAWAY has provably reached the client
 * @param fencePing           the payload of the first PING we sent after our GOAWAY (fence PING_SENT)
 * @param highestStream       the highest stream the client opened
 * @param requests            client streams whose request may still owe END_STREAM (RPC-46)
 * @param lastPingAt          when the client last sent a PING (not an ACK), or -1
 * @param firstPingInterval   the time between the client's first two PINGs, or -1
 * @param lastPingInterval    the time between the client's last two PINGs, or -1
 * @param lastReadAt          when we last read a frame of the client, or -1
 */
public record ClientObserver(long patienceNanos, List<Outstanding> settings, List<Outstanding> pings, long ackedMaxStreams,
                             Fence fence, long fencePing, int highestStream, Map<Integer, Request> requests,
                             long lastPingAt, long firstPingInterval, long lastPingInterval, long lastReadAt) {

    /** Default patience: 10 s, a hundred round trips on the slowest real network. */
    public static final long DEFAULT_PATIENCE_NANOS = 10_000_000_000L;

    /** How far our GOAWAY has reached the client. */
    public enum Fence {
        /** We sent no GOAWAY. */
        NONE,
        /** We sent a GOAWAY and no PING since. */
        GOAWAY_SENT,
        /** A PING followed our GOAWAY; its ACK will prove the client read the GOAWAY. */
        PING_SENT,
        /** The client acknowledged that PING: it has read our GOAWAY. */
        FENCED
    }

    /**
     * Something we sent that the client owes an answer to. The patience runs from the first frame
     * we read from the client after sending it ({@code heardAt}): then it has shown it reads and
     * writes, and a server too busy to read the answer at once does not blame the client. A client
     * that sends nothing more gets the patience twice from {@code sentAt}.
     *
     * @param sentAt   when it went out
     * @param value    PING: the payload; SETTINGS: the MAX_CONCURRENT_STREAMS it sets, or -1
     * @param reported whether its lateness was already reported (reported once)
     * @param heardAt  when we first read a frame of the client after {@code sentAt}, or -1
     */
    public record Outstanding(long sentAt, long value, boolean reported, long heardAt) {
        Outstanding late() {
            return new Outstanding(sentAt, value, true, heardAt);
        }

        Outstanding heard(long now) {
            return heardAt >= 0 ? this : new Outstanding(sentAt, value, reported, now);
        }

        /** True when the answer is overdue at {@code now}. */
        boolean overdue(long now, long patience) {
            long start = heardAt >= 0 ? Math.min(heardAt, sentAt + patience) : sentAt + patience;
            return now - start > patience;
        }
    }

    /**
     * A client request that may owe END_STREAM (RPC-46).
     *
     * @param oneRequest null until the server found the method, then whether it takes one message
     * @param prefix     the first octets of the request body, up to the 5-octet message prefix
     * @param received   request body octets so far
     * @param completeAt when the first message was complete, or -1
     * @param ended      the client sent END_STREAM
     * @param reported   its lateness was already reported
     */
    public record Request(Boolean oneRequest, Bytes prefix, long received, long completeAt, boolean ended, boolean reported) {
        static final Request NEW = new Request(null, Bytes.EMPTY, 0, -1, false, false);

        /** The length of the first message (from its 5-octet prefix), or -1 while the prefix is incomplete. */
        long firstMessageLength() {
            if (prefix.length() < 5) return -1;
            return ((prefix.get(1) & 0xffL) << 24) | ((prefix.get(2) & 0xffL) << 16) | ((prefix.get(3) & 0xffL) << 8) | (prefix.get(4) & 0xffL);
        }
    }

    /** The next state and what this event showed. */
    public record Observed(ClientObserver state, List<Judgement> judgements) {
        public Observed {
            judgements = List.copyOf(judgements);
        }
    }

    public ClientObserver {
        settings = List.copyOf(settings);
        pings = List.copyOf(pings);
        requests = Collections.unmodifiableMap(new TreeMap<>(requests));
    }

    /** A connection before anything was sent; the RFC's MAX_CONCURRENT_STREAMS (unlimited) is in force. */
    public static ClientObserver start(long patienceNanos) {
        if (patienceNanos <= 0) throw new IllegalArgumentException("patience " + patienceNanos);
        return new ClientObserver(patienceNanos, List.of(), List.of(), StreamConfig.UNLIMITED, Fence.NONE, 0, 0, Map.of(), -1, -1, -1, -1);
    }

    /** The transition function. */
    public Observed on(ObserverEvent event) {
        Run r = new Run(this);
        switch (event) {
            case ObserverEvent.Sent(Frame f, long now) -> r.sent(f, now);
            case ObserverEvent.Received(Frame f, long now) -> r.received(f, now);
            case ObserverEvent.MachineReport(Violation v, boolean tolerated, long now) -> r.report(v, tolerated);
            case ObserverEvent.RequestHeaders(int id, var fields, long now) -> r.requestHeaders(id, fields);
            case ObserverEvent.CallShape(int id, boolean oneRequest, long now) -> r.shape(id, oneRequest);
            case ObserverEvent.Tick(long now) -> r.tick(now);
        }
        return new Observed(r.state(), r.out);
    }

    /** One step under construction. */
    private static final class Run {
        private final long patience;
        private final List<Outstanding> settings;
        private final List<Outstanding> pings;
        private long ackedMaxStreams;
        private Fence fence;
        private long fencePing;
        private int highestStream;
        private final TreeMap<Integer, Request> requests;
        private long lastPingAt;
        private long firstPingInterval;
        private long lastPingInterval;
        private long lastReadAt;
        final List<Judgement> out = new ArrayList<>();

        Run(ClientObserver s) {
            patience = s.patienceNanos;
            settings = new ArrayList<>(s.settings);
            pings = new ArrayList<>(s.pings);
            ackedMaxStreams = s.ackedMaxStreams;
            fence = s.fence;
            fencePing = s.fencePing;
            highestStream = s.highestStream;
            requests = new TreeMap<>(s.requests);
            lastPingAt = s.lastPingAt;
            firstPingInterval = s.firstPingInterval;
            lastPingInterval = s.lastPingInterval;
            lastReadAt = s.lastReadAt;
        }

        ClientObserver state() {
            return new ClientObserver(patience, settings, pings, ackedMaxStreams, fence, fencePing, highestStream, requests,
                    lastPingAt, firstPingInterval, lastPingInterval, lastReadAt);
        }

        // ---------------------------------------------------------------- what we sent

        void sent(Frame f, long now) {
            switch (f) {
                case SettingsFrame s when !s.ack() -> settings.add(new Outstanding(now, maxStreams(s), false, -1));
                case PingFrame p when !p.ack() -> {
                    pings.add(new Outstanding(now, p.opaqueData(), false, -1));
                    if (fence == Fence.GOAWAY_SENT) {
                        fence = Fence.PING_SENT;
                        fencePing = p.opaqueData();
                    }
                }
                case GoAwayFrame g -> {
                    if (fence == Fence.NONE) fence = Fence.GOAWAY_SENT;
                }
                // Our trailers or reset end the call: the client owes no END_STREAM any more (RPC-26).
                case HeadersFrame h when h.endStream() -> requests.remove(h.streamId());
                case RstStreamFrame r -> requests.remove(r.streamId());
                default -> { }
            }
        }

        private static long maxStreams(SettingsFrame s) {
            long v = -1;
            for (Setting x : s.settings()) if (x.id() == SettingId.MAX_CONCURRENT_STREAMS) v = x.value();
            return v;
        }

        // ---------------------------------------------------------------- what the client sent

        void received(Frame f, long now) {
            lastReadAt = now;
            settings.replaceAll(o -> o.heard(now));
            pings.replaceAll(o -> o.heard(now));
            switch (f) {
                case SettingsFrame s when s.ack() -> settingsAck();
                case PingFrame p when p.ack() -> pingAck(p.opaqueData());
                case PingFrame p -> clientPing(now);
                case HeadersFrame h -> headers(h, now);
                case DataFrame d -> data(d, now);
                case RstStreamFrame r -> requests.remove(r.streamId()); // a cancelled call owes nothing
                default -> { }
            }
        }

        /** {@link SettingsRules#SET_9}: an ACK answers our oldest outstanding SETTINGS (a surplus one is the machine's SET-11). */
        private void settingsAck() {
            if (settings.isEmpty()) return;
            Outstanding acked = settings.remove(0);
            if (acked.value() >= 0) ackedMaxStreams = acked.value();
            out.add(new Kept(SettingsRules.SET_9));
        }

        /** {@link KeepaliveRules#KA_1}: an ACK echoes one of our PINGs; {@link GoAwayRules#GA_8}: the fence PING's ACK. */
        private void pingAck(long payload) {
            for (int i = 0; i < pings.size(); i++) {
                if (pings.get(i).value() == payload) {
                    pings.remove(i);
                    out.add(new Kept(KeepaliveRules.KA_1));
                    if (fence == Fence.PING_SENT && payload == fencePing) {
                        fence = Fence.FENCED;
                        out.add(new Kept(GoAwayRules.GA_8));
                    }
                    return;
                }
            }
            out.add(new Broken(KeepaliveRules.KA_1, 0, "PING ACK with payload 0x" + Long.toHexString(payload)
                    + " echoes no PING of ours", "ignored"));
        }

        private void clientPing(long now) {
            if (lastPingAt >= 0) {
                lastPingInterval = now - lastPingAt;
                if (firstPingInterval < 0) firstPingInterval = lastPingInterval;
            }
            lastPingAt = now;
        }

        private void headers(HeadersFrame h, long now) {
            int id = h.streamId();
            if (id % 2 == 1 && id > highestStream) {
                // A new client stream.
                highestStream = id;
                if (fence == Fence.FENCED) {
                    out.add(new Broken(GoAwayRules.GA_8, id, "stream " + id
                            + " opened after the client acknowledged the PING that followed our GOAWAY", "ignored (GA-4)"));
                }
                if (ackedMaxStreams < StreamConfig.UNLIMITED) out.add(new Kept(StreamRules.STR_14));
                if (!h.endStream()) requests.put(id, Request.NEW);
                return;
            }
            // Trailers (or a later block) on a stream: END_STREAM ends the request.
            if (h.endStream()) ended(id);
        }

        private void data(DataFrame d, long now) {
            Request r = requests.get(d.streamId());
            if (r == null) return;
            Bytes prefix = r.prefix();
            if (prefix.length() < 5) {
                int take = Math.min(5 - prefix.length(), d.data().length());
                prefix = prefix.concat(d.data().slice(0, take));
            }
            long received = r.received() + d.data().length();
            Request next = new Request(r.oneRequest(), prefix, received, r.completeAt(), r.ended(), r.reported());
            long need = next.firstMessageLength();
            if (next.completeAt() < 0 && need >= 0 && received >= 5 + need) {
                next = new Request(next.oneRequest(), prefix, received, now, false, next.reported());
            }
            requests.put(d.streamId(), next);
            if (d.endStream()) ended(d.streamId());
        }

        /** {@link RpcRules#RPC_46}: the request ended; kept for a one-message call, forgotten for any other. */
        private void ended(int id) {
            Request r = requests.get(id);
            if (r == null) return;
            if (r.oneRequest() == null) {
                requests.put(id, new Request(null, r.prefix(), r.received(), r.completeAt(), true, r.reported()));
                return;
            }
            requests.remove(id);
            if (r.oneRequest() && !r.reported()) out.add(new Kept(RpcRules.RPC_46));
        }

        // ---------------------------------------------------------------- the call layer

        /** {@link RpcRules#RPC_45}. */
        void requestHeaders(int id, List<io.grpcspec.wire.HeaderField> fields) {
            String ua = null;
            for (io.grpcspec.wire.HeaderField f : fields) if (f.name().equals("user-agent")) ua = f.value();
            if (ua == null || ua.isBlank()) {
                out.add(new Broken(RpcRules.RPC_45, id, "request on stream " + id + " has no user-agent", "served"));
            } else {
                out.add(new Kept(RpcRules.RPC_45));
            }
        }

        void shape(int id, boolean oneRequest) {
            Request r = requests.get(id);
            if (r == null) return;
            if (!oneRequest) {
                requests.remove(id);
                return;
            }
            Request known = new Request(true, r.prefix(), r.received(), r.completeAt(), r.ended(), r.reported());
            if (known.ended()) {
                requests.remove(id);
                out.add(new Kept(RpcRules.RPC_46));
            } else {
                requests.put(id, known);
            }
        }

        // ---------------------------------------------------------------- the machine's verdicts

        /**
         * A violation the machine found is the client's fault as it stands, except a stream refused
         * over our concurrency limit ({@link StreamRules#STR_13}): that is {@link StreamRules#STR_14}
         * only when the client had acknowledged the limit.
         */
        void report(Violation v, boolean tolerated) {
            String answer = tolerated ? "ignored (robust answer; strict: " + answerOf(v) + ")" : answerOf(v);
            int stream = v.scope() == Scope.STREAM ? v.streamId() : 0;
            if (v.rule().equals(StreamRules.STR_13)) {
                boolean limitPending = settings.stream().anyMatch(s -> s.value() >= 0);
                if (limitPending) {
                    out.add(new Kept(StreamRules.STR_14)); // the client may not have seen the new limit yet
                } else {
                    out.add(new Broken(StreamRules.STR_14, stream, v.detail() + " (a limit the client acknowledged)", answer));
                }
                return;
            }
            out.add(new Broken(v.rule(), stream, v.detail(), answer));
        }

        private static String answerOf(Violation v) {
            // No GOAWAY to a peer that never sent a valid preface: it may not speak HTTP/2 (CONN-3).
            if (v.rule().equals(io.grpcspec.spec.connection.ConnectionRules.CONN_3)) return "connection closed without GOAWAY";
            return (v.scope() == Scope.CONNECTION ? "GOAWAY " : "RST_STREAM ") + v.code();
        }

        // ---------------------------------------------------------------- time

        /** What is overdue at {@code now} is reported once. */
        void tick(long now) {
            for (int i = 0; i < settings.size(); i++) {
                Outstanding s = settings.get(i);
                if (!s.reported() && s.overdue(now, patience)) {
                    settings.set(i, s.late());
                    out.add(new Broken(SettingsRules.SET_9, 0, "SETTINGS frame not acknowledged within " + millis(patience)
                            + " (sent " + millis(now - s.sentAt()) + " ago)", "none: observed"));
                }
            }
            for (int i = 0; i < pings.size(); i++) {
                Outstanding p = pings.get(i);
                if (!p.reported() && p.overdue(now, patience)) {
                    pings.set(i, p.late());
                    out.add(new Broken(KeepaliveRules.KA_1, 0, "PING 0x" + Long.toHexString(p.value()) + " not acknowledged within "
                            + millis(patience) + " (sent " + millis(now - p.sentAt()) + " ago)", "none: observed"));
                }
            }
            for (Map.Entry<Integer, Request> e : List.copyOf(requests.entrySet())) {
                Request r = e.getValue();
                // As for answers: overdue once the client was heard from since, or after twice the patience.
                if (Boolean.TRUE.equals(r.oneRequest()) && !r.ended() && !r.reported() && r.completeAt() >= 0
                        && now - r.completeAt() > patience && (lastReadAt > r.completeAt() || now - r.completeAt() > 2 * patience)) {
                    requests.put(e.getKey(), new Request(true, r.prefix(), r.received(), r.completeAt(), false, true));
                    out.add(new Broken(RpcRules.RPC_46, e.getKey(), "one-message request on stream " + e.getKey()
                            + " still open " + millis(now - r.completeAt()) + " after its message", "the call waits for END_STREAM"));
                }
            }
        }

        private static String millis(long nanos) {
            return nanos / 1_000_000 + " ms";
        }
    }

    /** Rules this observer judges itself (beyond the machine's reports). */
    public static final List<Rule> JUDGED = List.of(SettingsRules.SET_9, KeepaliveRules.KA_1, GoAwayRules.GA_8,
            StreamRules.STR_14, RpcRules.RPC_45, RpcRules.RPC_46);
}
