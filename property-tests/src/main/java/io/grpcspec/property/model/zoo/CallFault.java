package io.grpcspec.property.model.zoo;

import io.grpcspec.property.model.call.CallMachines;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.grpc.CallAction;
import io.grpcspec.spec.grpc.ClientCall;
import io.grpcspec.spec.grpc.ClientCallEvent;
import io.grpcspec.spec.grpc.ServerCall;
import io.grpcspec.spec.grpc.ServerCallEvent;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.spec.grpc.Metadata;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Seeded faults in the call machines: each a small variant of {@code ClientCall} or
 * {@code ServerCall}, emulated by rewriting what the real step produced (production code is
 * untouched). Like {@link Fault}, none deletes a check: the bug zoo shows that the call model's
 * general checks (one status per call, messages in order, statuses that agree, no call left
 * stalled) notice each one.
 */
public enum CallFault implements CallMachines {

    /** The server call never hands receive credit back: the client's second message never fits the window. */
    SERVER_CREDIT_NOT_RETURNED("the server call keeps the credit of delivered request messages") {
        @Override
        public Step<ServerCall> server(ServerCall state, ServerCallEvent event) {
            return rewrite(ServerCall.on(state, event), a -> a instanceof CallAction.ReturnCredit ? null : a);
        }
    },

    /** The client call hands each response message to the application twice. */
    CLIENT_DELIVERS_MESSAGES_TWICE("the client call delivers every response message twice") {
        @Override
        public Step<ClientCall> client(ClientCall state, ClientCallEvent event) {
            Step<ClientCall> step = ClientCall.on(state, event);
            if (step.isViolation()) return step;
            List<Action> out = new ArrayList<>();
            for (Action a : step.actions()) {
                out.add(a);
                if (a instanceof CallAction.DeliverMessage) out.add(a);
            }
            return Step.next(step.state(), out);
        }
    },

    /** A cancelled client call ends locally but sends no RST_STREAM: the server's call waits forever. */
    CANCEL_SENDS_NO_RST_STREAM("a client cancel sends no RST_STREAM(CANCEL)") {
        @Override
        public Step<ClientCall> client(ClientCall state, ClientCallEvent event) {
            Step<ClientCall> step = ClientCall.on(state, event);
            if (!(event instanceof ClientCallEvent.CancelCall)) return step;
            return rewrite(step, a -> a instanceof CallAction.SendRstStream ? null : a);
        }
    },

    /** The client's deadline ends the call as CANCELLED instead of DEADLINE_EXCEEDED. */
    DEADLINE_REPORTED_AS_CANCELLED("the client's deadline ends the call CANCELLED") {
        @Override
        public Step<ClientCall> client(ClientCall state, ClientCallEvent event) {
            Step<ClientCall> step = ClientCall.on(state, event);
            if (!(event instanceof ClientCallEvent.DeadlineExpired)) return step;
            return rewrite(step, a -> a instanceof CallAction.Complete c && c.status().code() == StatusCode.DEADLINE_EXCEEDED
                    ? new CallAction.Complete(Status.of(StatusCode.CANCELLED, c.status().message()), c.trailers()) : a);
        }
    },

    /** The server call writes grpc-status 0 whatever status the application finished with. */
    TRAILERS_ALWAYS_SAY_OK("the server's trailers carry OK whatever the application's status") {
        @Override
        public Step<ServerCall> server(ServerCall state, ServerCallEvent event) {
            if (event instanceof ServerCallEvent.FinishCall(Status st, Metadata md) && st.code() != StatusCode.OK) {
                return ServerCall.on(state, new ServerCallEvent.FinishCall(Status.of(StatusCode.OK, ""), md));
            }
            return ServerCall.on(state, event);
        }
    };

    private final String description;

    CallFault(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    @Override
    public Step<ClientCall> client(ClientCall state, ClientCallEvent event) {
        return ClientCall.on(state, event);
    }

    @Override
    public Step<ServerCall> server(ServerCall state, ServerCallEvent event) {
        return ServerCall.on(state, event);
    }

    /** {@code step} with each action replaced by {@code f}'s answer (null: dropped). */
    static <S> Step<S> rewrite(Step<S> step, UnaryOperator<Action> f) {
        if (step.isViolation()) return step;
        List<Action> out = new ArrayList<>();
        for (Action a : step.actions()) {
            Action b = f.apply(a);
            if (b != null) out.add(b);
        }
        return Step.next(step.state(), out);
    }
}
