package io.grpcspec.spec.flow;

/** One stream's flow control in both directions: what we may send, what the peer may send. */
public record StreamFlow(Window send, InboundWindow receive) {

    public StreamFlow withSend(Window w) {
        return new StreamFlow(w, receive);
    }

    public StreamFlow withReceive(InboundWindow r) {
        return new StreamFlow(send, r);
    }
}
