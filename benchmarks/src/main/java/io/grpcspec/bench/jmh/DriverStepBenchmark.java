package io.grpcspec.bench.jmh;

import io.grpcspec.hpack.HpackEncoder;
import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.driver.EndpointDriver;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.stream.RecentlyClosed;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.SettingsFrame;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One step of the server's {@link EndpointDriver} (the pure driver the socket server and the
 * model checker share) from a connection holding 1, 100 or 1 000 open streams, each with its
 * request headers received and its response headers sent, after 128 other streams were opened and
 * reset (so its memory of recently closed streams is full). Every invocation steps the same
 * immutable state, so the time is one step's cost; if it grows with {@code openStreams}, a step
 * is doing work proportional to the stream table (copying it, re-hashing it) instead of touching
 * one stream. Events: a DATA frame on one stream, the server sending DATA on one stream, a new
 * stream's request HEADERS, an RST_STREAM closing one stream (which the closed-stream memory
 * remembers, forgetting its oldest), and a PING (a connection-level frame that touches no stream).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DriverStepBenchmark {

    @Param({"1", "100", "1000"})
    public int openStreams;

    static final long NOW = 1_000_000_000L;
    static final List<HeaderField> REQUEST = List.of(
            new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
            new HeaderField(":path", "/grpc.testing.TestService/FullDuplexCall"), new HeaderField(":authority", "127.0.0.1:50051"),
            new HeaderField("content-type", "application/grpc"), new HeaderField("te", "trailers"));
    static final List<HeaderField> RESPONSE = List.of(
            new HeaderField(":status", "200"), new HeaderField("content-type", "application/grpc"));

    private final EndpointDriver driver = new EndpointDriver();
    private DriverState open;
    private EndpointEvent receiveData;
    private EndpointEvent sendData;
    private EndpointEvent receiveHeaders;
    private EndpointEvent receivePing;
    private EndpointEvent receiveRst;

    @Setup(Level.Trial)
    public void setUp() {
        HpackEncoder client = new HpackEncoder();
        DriverState s = EndpointDriver.initial(EndpointConfig.server());
        s = expect(s, new EndpointEvent.Start(NOW, 0), null);
        s = expect(s, new EndpointEvent.PrefaceReceived(Preface.CLIENT, NOW), null);
        s = expect(s, new EndpointEvent.FrameReceived(SettingsFrame.of(), NOW), e -> e instanceof Effect.Ready);
        s = expect(s, new EndpointEvent.FrameReceived(SettingsFrame.ACK_FRAME, NOW), null);
        for (int i = 0; i < openStreams; i++) {
            int id = 1 + 2 * i;
            s = expect(s, new EndpointEvent.FrameReceived(new HeadersFrame(id, client.encode(REQUEST), false, true), NOW),
                    e -> e instanceof Effect.Headers h && h.streamId() == id);
            s = expect(s, new EndpointEvent.SendHeaders(id, RESPONSE, false, NOW), e -> e instanceof Effect.WriteBlock);
        }
        // The connection has also seen streams end: its memory of recently closed streams is full.
        int closedIds = RecentlyClosed.DEFAULT_CAPACITY;
        for (int i = 0; i < closedIds; i++) {
            int id = 1 + 2 * (openStreams + 1 + i);
            s = expect(s, new EndpointEvent.FrameReceived(new HeadersFrame(id, client.encode(REQUEST), false, true), NOW),
                    e -> e instanceof Effect.Headers h && h.streamId() == id);
            s = expect(s, new EndpointEvent.FrameReceived(new RstStreamFrame(id, ErrorCode.CANCEL), NOW),
                    e -> e instanceof Effect.StreamClosed c && c.streamId() == id);
            s = expect(s, new EndpointEvent.CallFinished(id, NOW), null);
        }
        if (s.endpoint().streams().closed().entries().size() != closedIds) throw new IllegalStateException("closed streams not remembered");
        if (s.endpoint().liveStreams().size() != openStreams) {
            throw new IllegalStateException(s.endpoint().liveStreams().size() + " streams open, not " + openStreams);
        }
        open = s;
        int middle = 1 + 2 * (openStreams / 2);
        Bytes hundred = Bytes.of(new byte[100]);
        receiveData = new EndpointEvent.FrameReceived(new DataFrame(middle, hundred, false), NOW);
        sendData = new EndpointEvent.SendData(middle, hundred, false, NOW);
        int fresh = 1 + 2 * (openStreams + 1 + closedIds);
        receiveHeaders = new EndpointEvent.FrameReceived(new HeadersFrame(fresh, client.encode(REQUEST), false, true), NOW);
        receiveRst = new EndpointEvent.FrameReceived(new RstStreamFrame(middle, ErrorCode.CANCEL), NOW);
        receivePing = new EndpointEvent.FrameReceived(new PingFrame(false, 42), NOW);
        // Each measured event does what it is named for, from this state.
        expect(open, receiveData, e -> e instanceof Effect.Data d && d.streamId() == middle);
        expect(open, sendData, e -> e instanceof Effect.WriteFrame(DataFrame d) && d.streamId() == middle);
        expect(open, receiveHeaders, e -> e instanceof Effect.Headers h && h.streamId() == fresh);
        expect(open, receiveRst, e -> e instanceof Effect.StreamClosed c && c.streamId() == middle);
        expect(open, receivePing, e -> e instanceof Effect.WriteFrame(PingFrame p) && p.ack());
    }

    /**
     * Steps {@code event}; fails on a refusal, a violation or a close, and unless some effect
     * matches {@code wanted} (null: any effects, or none).
     */
    private DriverState expect(DriverState s, EndpointEvent event, Predicate<Effect> wanted) {
        EndpointDriver.DriverStep step = driver.step(s, event);
        for (Effect e : step.effects()) {
            if (e instanceof Effect.Refused || e instanceof Effect.PeerViolation || e instanceof Effect.Close) {
                throw new IllegalStateException(event + " gave " + e);
            }
        }
        if (wanted != null && step.effects().stream().noneMatch(wanted)) throw new IllegalStateException(event + " gave " + step.effects());
        return step.state();
    }

    @Benchmark
    public EndpointDriver.DriverStep receiveData() {
        return driver.step(open, receiveData);
    }

    @Benchmark
    public EndpointDriver.DriverStep sendData() {
        return driver.step(open, sendData);
    }

    @Benchmark
    public EndpointDriver.DriverStep receiveHeadersNewStream() {
        return driver.step(open, receiveHeaders);
    }

    @Benchmark
    public EndpointDriver.DriverStep receiveRstStream() {
        return driver.step(open, receiveRst);
    }

    @Benchmark
    public EndpointDriver.DriverStep receivePing() {
        return driver.step(open, receivePing);
    }
}
