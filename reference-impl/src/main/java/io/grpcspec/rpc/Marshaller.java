package io.grpcspec.rpc;

/** Turns messages into the bytes of a gRPC message frame and back. */
public interface Marshaller<T> {
    /** The encoded message, in a new array the caller then owns (it is sent without a copy). */
    byte[] toBytes(T value);

    /** Parses one message; throws {@link IllegalArgumentException} when the bytes are not one. */
    T fromBytes(byte[] bytes);
}
