package io.grpcspec.rpc;

/** The four handler shapes a service method can have, one per {@link MethodType}. */
public final class ServerMethods {
    private ServerMethods() {}

    /** A handler of some shape. */
    public sealed interface Handler<Req, Resp> permits Unary, ServerStreaming, ClientStreaming, BidiStreaming {}

    /** One request, one response. Throw {@link StatusException} to fail the call. */
    @FunctionalInterface
    public non-sealed interface Unary<Req, Resp> extends Handler<Req, Resp> {
        Resp invoke(Req request, CallContext ctx) throws StatusException;
    }

    /** One request, responses sent to {@code responses} (which the handler must complete). */
    @FunctionalInterface
    public non-sealed interface ServerStreaming<Req, Resp> extends Handler<Req, Resp> {
        void invoke(Req request, StreamObserver<Resp> responses, CallContext ctx) throws StatusException;
    }

    /** Requests arrive on the returned observer; one response goes to {@code response}. */
    @FunctionalInterface
    public non-sealed interface ClientStreaming<Req, Resp> extends Handler<Req, Resp> {
        StreamObserver<Req> invoke(StreamObserver<Resp> response, CallContext ctx);
    }

    /** Requests arrive on the returned observer; responses go to {@code responses}. */
    @FunctionalInterface
    public non-sealed interface BidiStreaming<Req, Resp> extends Handler<Req, Resp> {
        StreamObserver<Req> invoke(StreamObserver<Resp> responses, CallContext ctx);
    }
}
