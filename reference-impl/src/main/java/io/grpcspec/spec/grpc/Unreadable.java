package io.grpcspec.spec.grpc;

/**
 * Why the driver could not turn a delivered message into an application value. Decoding
 * (decompression, then the marshaller) is data transformation and runs in the driver; what it
 * means for the call is the machine's decision ({@link RpcRules#RPC_34}, {@link RpcRules#RPC_35}).
 */
public enum Unreadable {
    /** Decompressed, the message would exceed the receive limit (decompression stopped there). */
    TOO_LARGE,
    /** The bytes are not valid for the message's encoding (or no codec has its name). */
    CORRUPT,
    /** The marshaller cannot parse the bytes. */
    UNPARSABLE
}
