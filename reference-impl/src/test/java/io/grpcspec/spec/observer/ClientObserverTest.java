package io.grpcspec.spec.observer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.connection.GoAwayRules;
import io.grpcspec.spec.connection.SettingsRules;
import io.grpcspec.spec.grpc.RpcRules;
import io.grpcspec.spec.keepalive.KeepaliveRules;
import io.grpcspec.spec.observer.Judgement.Broken;
import io.grpcspec.spec.observer.Judgement.Kept;
import io.grpcspec.spec.observer.ObserverEvent.CallShape;
import io.grpcspec.spec.observer.ObserverEvent.MachineReport;
import io.grpcspec.spec.observer.ObserverEvent.Received;
import io.grpcspec.spec.observer.ObserverEvent.RequestHeaders;
import io.grpcspec.spec.observer.ObserverEvent.Sent;
import io.grpcspec.spec.observer.ObserverEvent.Tick;
import io.grpcspec.spec.stream.StreamRules;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientObserverTest {

    static final long MS = 1_000_000L;
    static final long PATIENCE = 1_000 * MS;

    /** Feeds events in order and collects every judgement. */
    private static final class Feed {
        ClientObserver state = ClientObserver.start(PATIENCE);
        final List<Judgement> all = new ArrayList<>();

        Feed on(ObserverEvent... events) {
            for (ObserverEvent e : events) {
                ClientObserver.Observed o = state.on(e);
                state = o.state();
                all.addAll(o.judgements());
            }
            return this;
        }

        List<Broken> broken(Rule rule) {
            return all.stream().filter(j -> j instanceof Broken b && b.rule().equals(rule)).map(j -> (Broken) j).toList();
        }

        long kept(Rule rule) {
            return all.stream().filter(j -> j instanceof Kept k && k.rule().equals(rule)).count();
        }
    }

    private static HeadersFrame request(int id, boolean end) {
        return new HeadersFrame(id, Bytes.ofHex("8386"), end, true);
    }

    private static DataFrame message(int id, int length, boolean end) {
        byte[] b = new byte[5 + length];
        b[4] = (byte) length;
        return new DataFrame(id, Bytes.of(b), end);
    }

    @Test
    @Checks({"SET-9"})
    void settingsMustBeAcknowledgedWithinThePatienceOnce() {
        Feed f = new Feed().on(new Sent(SettingsFrame.of(), 0), new Received(SettingsFrame.ACK_FRAME, 5 * MS));
        assertEquals(1, f.kept(SettingsRules.SET_9));
        // The patience runs from the first frame the client sends after ours (it is reading and writing).
        f.on(new Sent(SettingsFrame.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, 1 << 20)), 10 * MS),
                new Received(new PingFrame(false, 1), 20 * MS), new Tick(500 * MS), new Tick(1_019 * MS));
        assertEquals(List.of(), f.broken(SettingsRules.SET_9), "not late yet");
        f.on(new Tick(1_021 * MS), new Tick(2_000 * MS));
        assertEquals(1, f.broken(SettingsRules.SET_9).size(), "late, reported once: " + f.all);
        // A late ACK still pairs with the frame it answers.
        f.on(new Received(SettingsFrame.ACK_FRAME, 3_000 * MS));
        assertEquals(List.of(), f.state.settings());
        // A client that sends nothing more gets the patience twice: a server too busy to read is not its fault.
        f.on(new Sent(SettingsFrame.of(), 4_000 * MS), new Tick(5_500 * MS));
        assertEquals(1, f.broken(SettingsRules.SET_9).size());
        f.on(new Tick(6_001 * MS));
        assertEquals(2, f.broken(SettingsRules.SET_9).size());
    }

    @Test
    @Checks({"KA-1"})
    void ourPingsMustBeEchoedAndNoAckMayEchoAPingWeNeverSent() {
        Feed f = new Feed().on(new Sent(new PingFrame(false, 7), 0), new Received(new PingFrame(true, 7), MS));
        assertEquals(1, f.kept(KeepaliveRules.KA_1));
        f.on(new Received(new PingFrame(true, 7), 2 * MS));
        assertEquals(1, f.broken(KeepaliveRules.KA_1).size(), "a second ACK echoes nothing outstanding");
        f.on(new Sent(new PingFrame(false, 8), 3 * MS), new Received(SettingsFrame.of(), 4 * MS), new Tick(1_100 * MS));
        assertTrue(f.broken(KeepaliveRules.KA_1).get(1).detail().startsWith("PING 0x8 not acknowledged"), f.all::toString);
    }

    @Test
    @Checks({"GA-8"})
    void aStreamOpenedAfterTheClientAckedThePingBehindOurGoAwayIsAViolation() {
        Feed f = new Feed().on(new Received(request(1, true), 0), new Sent(new GoAwayFrame(0x7fffffff, ErrorCode.NO_ERROR.code(), Bytes.EMPTY), MS),
                new Received(request(3, true), 2 * MS)); // crossed the GOAWAY in flight: no fault
        assertEquals(List.of(), f.broken(GoAwayRules.GA_8));
        f.on(new Sent(new PingFrame(false, 42), 3 * MS), new Received(request(5, true), 4 * MS)); // still unproven
        assertEquals(List.of(), f.broken(GoAwayRules.GA_8));
        f.on(new Received(new PingFrame(true, 42), 5 * MS));
        assertEquals(1, f.kept(GoAwayRules.GA_8));
        f.on(new Received(request(7, true), 6 * MS));
        assertEquals(7, f.broken(GoAwayRules.GA_8).get(0).streamId());
    }

    @Test
    @Checks({"STR-14"})
    void aRefusedStreamIsTheClientsFaultOnlyOnceItAcknowledgedTheLimit() {
        Violation refused = new Violation(StreamRules.STR_13, ErrorCode.REFUSED_STREAM, Scope.STREAM, 3, "stream 3 exceeds our MAX_CONCURRENT_STREAMS 1");
        Feed f = new Feed().on(new Sent(SettingsFrame.of(new Setting(SettingId.MAX_CONCURRENT_STREAMS, 1)), 0),
                new MachineReport(refused, false, MS));
        assertEquals(List.of(), f.broken(StreamRules.STR_14), "the limit was not acknowledged yet");
        f.on(new Received(SettingsFrame.ACK_FRAME, 2 * MS), new Received(request(5, false), 3 * MS));
        assertEquals(2, f.kept(StreamRules.STR_14), "the early refusal and a stream under the acknowledged limit");
        f.on(new MachineReport(new Violation(StreamRules.STR_13, ErrorCode.REFUSED_STREAM, Scope.STREAM, 7, "x"), false, 4 * MS));
        Broken b = f.broken(StreamRules.STR_14).get(0);
        assertEquals(7, b.streamId());
        assertEquals("RST_STREAM REFUSED_STREAM", b.answer());
    }

    @Test
    @Checks({"STR-3"})
    void everyOtherMachineReportIsTheClientsFaultWithTheAnswerGiven() {
        Violation v = new Violation(StreamRules.STR_3, ErrorCode.STREAM_CLOSED, Scope.CONNECTION, 0, "DATA on stream 1, closed by RST_STREAM received");
        Feed f = new Feed().on(new MachineReport(v, true, 0), new MachineReport(v, false, 1));
        assertEquals(List.of(new Broken(StreamRules.STR_3, 0, v.detail(), "ignored (robust answer; strict: GOAWAY STREAM_CLOSED)"),
                new Broken(StreamRules.STR_3, 0, v.detail(), "GOAWAY STREAM_CLOSED")), f.all);
        // A peer without a valid preface gets no GOAWAY (CONN-3): the answer says so.
        Violation bogus = new Violation(io.grpcspec.spec.connection.ConnectionRules.CONN_3, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0, "bogus greeting");
        assertEquals("connection closed without GOAWAY", ((Broken) new Feed().on(new MachineReport(bogus, false, 0)).all.get(0)).answer());
    }

    @Test
    @Checks({"RPC-45"})
    void aRequestWithoutUserAgentIsReported() {
        List<HeaderField> base = List.of(new HeaderField(":method", "POST"), new HeaderField(":path", "/a.B/C"));
        List<HeaderField> named = new ArrayList<>(base);
        named.add(new HeaderField("user-agent", "grpc-java-netty/1.76.0"));
        Feed f = new Feed().on(new RequestHeaders(1, named, 0), new RequestHeaders(3, base, 1));
        assertEquals(1, f.kept(RpcRules.RPC_45));
        assertEquals(3, f.broken(RpcRules.RPC_45).get(0).streamId());
    }

    @Test
    @Checks({"RPC-46"})
    void aOneMessageRequestMustEndRightAfterItsMessage() {
        Feed f = new Feed().on(new Received(request(1, false), 0), new CallShape(1, true, 0), new Received(message(1, 3, true), MS));
        assertEquals(1, f.kept(RpcRules.RPC_46), "message and END_STREAM together");
        // The shape may be known only after END_STREAM arrived.
        f.on(new Received(request(3, false), 2 * MS), new Received(message(3, 3, false), 3 * MS),
                new Received(new DataFrame(3, Bytes.EMPTY, true), 4 * MS), new CallShape(3, true, 5 * MS));
        assertEquals(2, f.kept(RpcRules.RPC_46));
        // A streaming request may stay open as long as it likes; a cancelled one owes nothing.
        f.on(new Received(request(5, false), 6 * MS), new CallShape(5, false, 6 * MS), new Received(message(5, 1, false), 7 * MS),
                new Received(request(7, false), 8 * MS), new CallShape(7, true, 8 * MS), new Received(message(7, 1, false), 9 * MS),
                new Received(new RstStreamFrame(7, ErrorCode.CANCEL), 10 * MS), new Tick(5_000 * MS));
        assertEquals(List.of(), f.broken(RpcRules.RPC_46));
        // A unary request that keeps its stream open: reported once, after the patience.
        f.on(new Received(request(9, false), 6_000 * MS), new CallShape(9, true, 6_000 * MS),
                new Received(message(9, 2, false), 6_001 * MS), new Tick(6_500 * MS));
        assertEquals(List.of(), f.broken(RpcRules.RPC_46));
        f.on(new Tick(7_100 * MS), new Tick(9_000 * MS));
        assertEquals(1, f.broken(RpcRules.RPC_46).size());
        assertEquals(9, f.broken(RpcRules.RPC_46).get(0).streamId());
        // Our trailers end the call: no END_STREAM is owed after them (RPC-26).
        f.on(new Received(request(11, false), 10_000 * MS), new CallShape(11, true, 10_000 * MS),
                new Received(message(11, 2, false), 10_001 * MS), new Sent(new HeadersFrame(11, Bytes.EMPTY, true, true), 10_002 * MS),
                new Tick(20_000 * MS));
        assertEquals(1, f.broken(RpcRules.RPC_46).size());
    }

    @Test
    @Checks({"KA-8"})
    void afterTooManyPingsTheNextConnectionMustPingAtLeastTwiceAsFarApart() {
        PingBackoff b = PingBackoff.EMPTY.struck("10.0.0.1", 1_000 * MS, 100 * MS);
        assertEquals(Optional.empty(), b.firstInterval("10.0.0.1", 500 * MS, 10 * MS).judgement(), "a connection older than the strike");
        assertEquals(Optional.empty(), b.firstInterval("10.0.0.2", 2_000 * MS, 10 * MS).judgement(), "another host");
        PingBackoff.Judged same = b.firstInterval("10.0.0.1", 2_000 * MS, 100 * MS);
        assertEquals(KeepaliveRules.KA_8, ((Broken) same.judgement().orElseThrow()).rule());
        assertEquals(Optional.empty(), same.state().firstInterval("10.0.0.1", 3_000 * MS, 100 * MS).judgement(), "judged once per strike");
        assertEquals(Optional.of(new Kept(KeepaliveRules.KA_8)), b.firstInterval("10.0.0.1", 2_000 * MS, 200 * MS).judgement());
        // The observer measures the interval between a connection's first two client PINGs.
        Feed f = new Feed().on(new Received(new PingFrame(false, 1), 0), new Received(new PingFrame(false, 2), 250 * MS),
                new Received(new PingFrame(false, 3), 300 * MS));
        assertEquals(250 * MS, f.state.firstPingInterval());
        assertEquals(50 * MS, f.state.lastPingInterval());
    }
}
