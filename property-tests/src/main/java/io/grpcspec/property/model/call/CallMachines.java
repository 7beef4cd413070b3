package io.grpcspec.property.model.call;

import io.grpcspec.spec.Step;
import io.grpcspec.spec.grpc.ClientCall;
import io.grpcspec.spec.grpc.ClientCallEvent;
import io.grpcspec.spec.grpc.ServerCall;
import io.grpcspec.spec.grpc.ServerCallEvent;

/**
 * The call machines the {@link CallModel} steps: {@link #REAL} is production's {@code ClientCall}
 * and {@code ServerCall}. The bug zoo ({@code model.zoo.CallFault}) wraps them to emulate faulty
 * variants without touching production code.
 */
public interface CallMachines {

    Step<ClientCall> client(ClientCall state, ClientCallEvent event);

    Step<ServerCall> server(ServerCall state, ServerCallEvent event);

    /** The production machines. */
    CallMachines REAL = new CallMachines() {
        @Override
        public Step<ClientCall> client(ClientCall state, ClientCallEvent event) {
            return ClientCall.on(state, event);
        }

        @Override
        public Step<ServerCall> server(ServerCall state, ServerCallEvent event) {
            return ServerCall.on(state, event);
        }
    };
}
