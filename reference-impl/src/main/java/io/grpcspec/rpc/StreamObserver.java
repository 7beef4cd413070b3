package io.grpcspec.rpc;

/**
 * Receives a stream of messages: any number of {@link #onNext}, then exactly one of
 * {@link #onCompleted} or {@link #onError}. Calls on one observer never overlap.
 */
public interface StreamObserver<T> {
    /**
     * The next message. On an outbound stream this may block while too many bytes of the call
     * wait to be written (back-pressure from HTTP/2 flow control).
     */
    void onNext(T value);

    /** The stream ended with an error; a {@link StatusException} carries the status to send. */
    void onError(Throwable error);

    /** The stream ended normally. */
    void onCompleted();
}
