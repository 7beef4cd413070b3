package io.grpcspec.client;

import io.grpcspec.rpc.MethodDescriptor;

/**
 * Wraps calls (grpc-java {@code ClientInterceptor}, grpc-go interceptors): sees every call the
 * channel makes and may add metadata, change options, observe or replace the call.
 */
@FunctionalInterface
public interface ClientInterceptor {

    <Req, Resp> Call<Req, Resp> interceptCall(MethodDescriptor<Req, Resp> method, CallOptions options, Invoker next);

    /** The rest of the chain. */
    @FunctionalInterface
    interface Invoker {
        <Req, Resp> Call<Req, Resp> newCall(MethodDescriptor<Req, Resp> method, CallOptions options);
    }
}
