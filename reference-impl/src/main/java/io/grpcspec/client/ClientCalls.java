package io.grpcspec.client;

import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import java.util.ArrayList;
import java.util.List;

/** Blocking helpers for the four method shapes, on top of {@link CallStream}. */
public final class ClientCalls {
    private ClientCalls() {}

    /** One request, one response; a non-OK status is thrown. */
    public static <Req, Resp> Resp blockingUnary(Channel ch, MethodDescriptor<Req, Resp> method, Req request,
                                                 CallOptions options, Metadata md) throws StatusException, InterruptedException {
        try (CallStream<Req, Resp> s = CallStream.start(ch, method, options, md)) {
            s.send(request).halfClose();
            Resp r = s.next();
            if (r == null) throw new StatusException(Status.of(StatusCode.INTERNAL, "no response message for a unary call"));
            Resp extra = s.next();
            if (extra != null) {
                throw new StatusException(Status.of(StatusCode.INTERNAL, "more than one response message for a unary call"));
            }
            return r;
        }
    }

    /** One request, every response until the end; a non-OK status is thrown. */
    public static <Req, Resp> List<Resp> blockingServerStreaming(Channel ch, MethodDescriptor<Req, Resp> method, Req request,
                                                                 CallOptions options, Metadata md)
            throws StatusException, InterruptedException {
        try (CallStream<Req, Resp> s = CallStream.start(ch, method, options, md)) {
            s.send(request).halfClose();
            List<Resp> out = new ArrayList<>();
            for (Resp r; (r = s.next()) != null; ) out.add(r);
            return out;
        }
    }

    /** All requests, then one response. */
    public static <Req, Resp> Resp blockingClientStreaming(Channel ch, MethodDescriptor<Req, Resp> method, List<Req> requests,
                                                           CallOptions options, Metadata md)
            throws StatusException, InterruptedException {
        try (CallStream<Req, Resp> s = CallStream.start(ch, method, options, md)) {
            for (Req r : requests) s.send(r);
            s.halfClose();
            Resp r = s.next();
            if (r == null) throw new StatusException(Status.of(StatusCode.INTERNAL, "no response message for a client-streaming call"));
            if (s.next() != null) throw new StatusException(Status.of(StatusCode.INTERNAL, "more than one response message"));
            return r;
        }
    }
}
