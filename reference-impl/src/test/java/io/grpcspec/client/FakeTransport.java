package io.grpcspec.client;

import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.spec.driver.StreamReport;
import io.grpcspec.spec.grpc.CallAction;
import io.grpcspec.spec.grpc.MessageFramer;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * An in-memory {@link ClientTransport}: no sockets, no HTTP/2 framing. A {@link Behaviour}
 * plays the server for each request that ends (END_STREAM); everything the client did is
 * recorded for assertions.
 */
final class FakeTransport implements ClientTransport {

    /** What the fake server does with a complete request. */
    @FunctionalInterface
    interface Behaviour {
        void onRequest(FakeTransport t, int streamId, List<HeaderField> headers, Bytes body, StreamHandler h);
    }

    /** Greeter: replies {@code prefix + name} as a full response (headers, message, trailers). */
    static Behaviour greeter(String prefix) {
        return (t, id, headers, body, h) -> {
            HelloRequest req;
            try {
                req = HelloRequest.parseFrom(body.slice(MessageFramer.PREFIX_LENGTH, body.length()).toByteArray());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
            h.on(new StreamReport.Headers(List.of(new HeaderField(":status", "200"), new HeaderField("content-type", "application/grpc")), false, false));
            h.on(new StreamReport.Data(MessageFramer.frame(Bytes.of(HelloReply.newBuilder().setMessage(prefix + req.getName()).build().toByteArray())), false));
            h.on(new StreamReport.Headers(List.of(new HeaderField("grpc-status", "0")), true, true));
        };
    }

    /** The server refuses the stream before processing it. */
    static final Behaviour REFUSE = (t, id, headers, body, h) -> h.on(new StreamReport.PeerReset(ErrorCode.REFUSED_STREAM.code()));

    /** The server never answers. */
    static final Behaviour SILENT = (t, id, headers, body, h) -> {};

    final Behaviour behaviour;
    final List<List<HeaderField>> requests = Collections.synchronizedList(new ArrayList<>());
    final List<String> resets = Collections.synchronizedList(new ArrayList<>());
    private int nextId = 1;
    private final java.util.Map<Integer, StreamHandler> handlers = new java.util.HashMap<>();
    private final java.util.Map<Integer, List<HeaderField>> headersOf = new java.util.HashMap<>();
    private final java.util.Map<Integer, Bytes> bodies = new java.util.HashMap<>();
    volatile boolean shutdown;
    /** When set, new streams are refused with this reason (a transport draining after GOAWAY). */
    volatile String refuseNew;

    FakeTransport(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    /** A factory whose transports are ready at once and serve with {@code behaviour}; each made transport is added to {@code made}. */
    static TransportFactory factory(Behaviour behaviour, List<FakeTransport> made) {
        return (address, authority, options, timeout, scheduler, listener) -> {
            FakeTransport t = new FakeTransport(behaviour);
            made.add(t);
            listener.onReady(t);
            return t;
        };
    }

    @Override
    public synchronized Opened newStream(CallAction.OpenStream open, StreamHandler handler, long quotaWaitNanos) {
        List<HeaderField> headers = open.fields();
        if (shutdown) return new Opened(0, "shut down");
        if (refuseNew != null) return new Opened(0, refuseNew);
        int id = nextId;
        nextId += 2;
        requests.add(headers);
        handlers.put(id, handler);
        headersOf.put(id, headers);
        bodies.put(id, Bytes.EMPTY);
        return new Opened(id, null);
    }

    @Override
    public boolean request(int streamId, CallAction.OnStream action) {
        return switch (action) {
            case CallAction.SendMessage(Bytes framed, boolean end) -> sendData(streamId, framed, end);
            case CallAction.SendEndStream() -> sendData(streamId, Bytes.EMPTY, true);
            case CallAction.SendRstStream(ErrorCode code) -> resets.add(streamId + ":" + code);
            case CallAction.ReturnCredit(int bytes) -> true;
            case CallAction.OpenStream o -> throw new IllegalArgumentException("open streams with newStream");
            case CallAction.SendHeaders h -> throw new IllegalArgumentException("a client sends no response headers");
            case CallAction.SendTrailers t -> throw new IllegalArgumentException("a client sends no trailers");
            case CallAction.SendBody b -> throw new IllegalArgumentException("a client sends no HTTP response body");
        };
    }

    private boolean sendData(int streamId, Bytes data, boolean endStream) {
        StreamHandler h;
        Bytes body;
        synchronized (this) {
            h = handlers.get(streamId);
            if (h == null) return false;
            body = bodies.get(streamId).concat(data);
            bodies.put(streamId, body);
        }
        if (endStream) behaviour.onRequest(this, streamId, headersOf.get(streamId), body, h);
        return true;
    }

    @Override
    public boolean awaitWritable(int streamId, long timeoutNanos, BooleanSupplier cancelled) {
        return true;
    }

    @Override
    public void shutdown(boolean graceful) {
        shutdown = true;
    }

    @Override
    public String describe() {
        return "fake";
    }

    /** The value of {@code name} in request {@code i}, or null. */
    String header(int i, String name) {
        for (HeaderField f : requests.get(i)) if (f.name().equals(name)) return f.value();
        return null;
    }
}
