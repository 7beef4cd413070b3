package io.grpcspec.server;

import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.ServerMethods;

/**
 * Wraps a method's handler (grpc-go's server interceptors, in Java form): logging, auth checks,
 * metrics. The first interceptor registered is the outermost. Throwing a
 * {@link io.grpcspec.rpc.StatusException} from the wrapped handler fails the call with it.
 */
@FunctionalInterface
public interface ServerInterceptor {
    <Req, Resp> ServerMethods.Handler<Req, Resp> intercept(MethodDescriptor<Req, Resp> method, ServerMethods.Handler<Req, Resp> next);
}
