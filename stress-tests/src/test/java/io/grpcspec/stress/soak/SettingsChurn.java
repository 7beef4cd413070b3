package io.grpcspec.stress.soak;

import io.grpcspec.proto.testing.SimpleRequest;
import io.grpcspec.proto.testing.SimpleResponse;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.grpc.MessageFramer;
import io.grpcspec.spec.stream.Closure;
import io.grpcspec.transport.ConnectionListener;
import io.grpcspec.transport.Http2Connection;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Our client one layer down: an {@link Http2Connection} driven by hand, to do what the channel
 * API does not offer — change our SETTINGS in the middle of the connection (initial window, frame
 * size, header table size: the server must follow each once it acknowledges it) and send PINGs
 * of our own (each must come back) — between unary calls whose responses, up to 256 KiB, need
 * the new windows and frame sizes. After a GOAWAY (the server's age limit, its restart) the next
 * call goes on a new connection; a call the server did not process is made again there.
 */
final class SettingsChurn {
    private final Ledger ledger;
    private final WireWatch watch;
    private final ScheduledExecutorService timers = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "soak-churn-timers");
        t.setDaemon(true);
        return t;
    });
    private Thread worker;

    SettingsChurn(Ledger ledger, WireWatch watch) {
        this.ledger = ledger;
        this.watch = watch;
    }

    void start(int port, BooleanSupplier running) {
        worker = Thread.ofVirtual().name("soak-churn").start(() -> {
            int n = 0;
            while (running.getAsBoolean()) {
                Conn c = connect(port, "churn-" + n++, running);
                if (c == null) return;
                try {
                    while (!c.goingAway && !c.conn.isClosed() && running.getAsBoolean()) round(c);
                } catch (InterruptedException e) {
                    return;
                } finally {
                    c.conn.shutdown(true);
                }
            }
        });
    }

    void await() throws InterruptedException {
        if (worker != null) worker.join();
    }

    void close() throws InterruptedException {
        timers.shutdownNow();
        timers.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Connects, retrying while the server is away (a restart), until it answers or the soak ends. */
    private Conn connect(int port, String name, BooleanSupplier running) {
        while (running.getAsBoolean()) {
            try {
                Conn c = new Conn();
                c.conn = Http2Connection.start(new Socket("127.0.0.1", port), EndpointConfig.client(), c, timers, watch.trace(name), name);
                if (c.ready.await(10, TimeUnit.SECONDS)) return c;
                c.conn.abort("no SETTINGS from the server");
            } catch (IOException refused) {
                sleep(20);
            } catch (InterruptedException e) {
                return null;
            }
        }
        return null;
    }

    private void round(Conn c) throws InterruptedException {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        List<Setting> settings = List.of(
                new Setting(SettingId.INITIAL_WINDOW_SIZE, List.of(16_384, 65_535, 1 << 20).get(rnd.nextInt(3))),
                new Setting(SettingId.MAX_FRAME_SIZE, List.of(16_384, 40_000, 1 << 20).get(rnd.nextInt(3))),
                new Setting(SettingId.HEADER_TABLE_SIZE, List.of(0, 256, 4096).get(rnd.nextInt(3))));
        if (!c.conn.changeSettings(settings).ok()) return; // the connection is going away
        long payload = rnd.nextLong();
        CountDownLatch acked = c.awaitPing(payload);
        if (!c.conn.ping(payload).ok()) return;
        if (!acked.await(10, TimeUnit.SECONDS) && !c.goingAway && !c.conn.isClosed()) {
            ledger.wrongStatus("churn ping", "no ACK within 10 s");
        }
        unary(c, rnd);
    }

    private void unary(Conn c, ThreadLocalRandom rnd) throws InterruptedException {
        int size = rnd.nextInt(256 * 1024);
        Bytes request = Bytes.of(SimpleRequest.newBuilder().setResponseSize(size)
                .setPayload(OurClientLoad.payload(rnd.nextInt(32 * 1024))).build().toByteArray());
        List<HeaderField> headers = List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
                new HeaderField(":path", "/grpc.testing.TestService/UnaryCall"), new HeaderField(":authority", "127.0.0.1"),
                new HeaderField("te", "trailers"), new HeaderField("content-type", "application/grpc"));
        Http2Connection.Outcome open = c.conn.openStream(headers, false);
        if (!open.ok()) return; // not processed (GOAWAY): made again on the next connection
        Stream s = new Stream();
        c.streams.put(open.streamId(), s);
        ledger.call();
        c.conn.sendData(open.streamId(), MessageFramer.frame(request), true);
        if (!s.closed.await(OurClientLoad.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            ledger.wrongStatus("churn unary", "no end within " + OurClientLoad.PATIENCE);
            return;
        }
        if (s.notProcessed) return;
        if (!"0".equals(s.grpcStatus)) {
            ledger.wrongStatus("churn unary", "grpc-status " + s.grpcStatus + " (" + s.how + ")");
            return;
        }
        byte[] body = s.data.toByteArray();
        try {
            int got = body.length < MessageFramer.PREFIX_LENGTH ? -1
                    : SimpleResponse.parseFrom(java.util.Arrays.copyOfRange(body, MessageFramer.PREFIX_LENGTH, body.length)).getPayload().getBody().size();
            ledger.messages(2);
            ledger.responses("churn unary", List.of(size), got < 0 ? List.of() : List.of(got), true);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            ledger.wrongStatus("churn unary", "unreadable response: " + e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One call's response as the connection hands it over. */
    private static final class Stream {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final CountDownLatch closed = new CountDownLatch(1);
        volatile String grpcStatus;
        volatile boolean notProcessed;
        volatile String how = "";
    }

    /** One connection and what it delivered. */
    private static final class Conn implements ConnectionListener {
        final CountDownLatch ready = new CountDownLatch(1);
        final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
        final Map<Long, CountDownLatch> pings = new ConcurrentHashMap<>();
        volatile Http2Connection conn;
        volatile boolean goingAway;

        CountDownLatch awaitPing(long payload) {
            CountDownLatch l = new CountDownLatch(1);
            pings.put(payload, l);
            return l;
        }

        @Override
        public void onReady(Http2Connection connection) {
            ready.countDown();
        }

        @Override
        public void onHeaders(Http2Connection connection, int streamId, List<HeaderField> fields, boolean endStream, boolean trailers) {
            Stream s = streams.get(streamId);
            if (s == null) return;
            for (HeaderField f : fields) if (f.name().equals("grpc-status")) s.grpcStatus = f.value();
        }

        @Override
        public void onData(Http2Connection connection, int streamId, Bytes data, boolean endStream) {
            Stream s = streams.get(streamId);
            if (s != null) synchronized (s.data) {
                s.data.writeBytes(data.toByteArray());
            }
            connection.consumed(streamId, data.length());
        }

        @Override
        public void onPeerReset(Http2Connection connection, int streamId, long errorCode) {
            Stream s = streams.get(streamId);
            if (s != null) s.how = "reset by the server, code " + errorCode;
        }

        @Override
        public void onStreamClosed(Http2Connection connection, int streamId, Closure how) {
            Stream s = streams.remove(streamId);
            if (s == null) return;
            if (s.how.isEmpty()) s.how = how.toString();
            s.closed.countDown();
        }

        @Override
        public void onGoAway(Http2Connection connection, int lastStreamId, long errorCode, Bytes debugData) {
            goingAway = true;
        }

        @Override
        public void onStreamsNotProcessed(Http2Connection connection, List<Integer> streamIds) {
            for (int id : streamIds) {
                Stream s = streams.remove(id);
                if (s != null) {
                    s.notProcessed = true;
                    s.closed.countDown();
                }
            }
        }

        @Override
        public void onPingAcked(Http2Connection connection, long payload) {
            CountDownLatch l = pings.remove(payload);
            if (l != null) l.countDown();
        }

        @Override
        public void onClosed(Http2Connection connection, String reason) {
            for (Stream s : streams.values()) {
                s.how = "connection closed: " + reason;
                s.closed.countDown();
            }
            for (CountDownLatch l : pings.values()) l.countDown();
            ready.countDown();
        }
    }
}
