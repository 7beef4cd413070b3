package io.grpcspec.spec.flow;

/**
 * Connection-level flow control in both directions, plus the two initial stream windows new
 * streams start from: {@code peerInitialWindow} (the peer's SETTINGS_INITIAL_WINDOW_SIZE, our
 * send side) and {@code localInitialWindow} (ours, in effect since the peer acknowledged it).
 */
public record ConnectionFlow(Window send, InboundWindow receive, int peerInitialWindow, int localInitialWindow) {

    public ConnectionFlow withSend(Window w) {
        return new ConnectionFlow(w, receive, peerInitialWindow, localInitialWindow);
    }

    public ConnectionFlow withReceive(InboundWindow r) {
        return new ConnectionFlow(send, r, peerInitialWindow, localInitialWindow);
    }

    public ConnectionFlow withPeerInitialWindow(int size) {
        return new ConnectionFlow(send, receive, size, localInitialWindow);
    }

    public ConnectionFlow withLocalInitialWindow(int size) {
        return new ConnectionFlow(send, receive, peerInitialWindow, size);
    }
}
