package io.grpcspec.spec.grpc;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Rule;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.List;
import java.util.Objects;

/**
 * What the call machines ask their driver to do: frames on the call's stream (Send*), timers,
 * flow-control credit, and what reaches the application (Deliver*, Complete). Two sealed
 * sub-families say which machine emits what: {@link Client} for {@link ClientCall},
 * {@link Server} for {@link ServerCall}; a record both emit belongs to both. A driver
 * dispatches with an exhaustive {@code switch} over its family, so an action it forgets is a
 * compile error.
 *
 * <p>Actions that concern the stream carry no stream ID: the driver uses the ID of the state the
 * step returned ({@code ClientCall.streamId()}, {@code ServerCall.streamId()}). Those that go to
 * the endpoint machine below the call form the sealed family {@link OnStream}; one pure function,
 * {@code spec.driver.CallDriver.toEndpoint}, turns each into the endpoint's event, for the socket
 * transport and the model checker alike.
 */
public sealed interface CallAction extends Action {

    /** The actions {@link ClientCall} emits. */
    sealed interface Client extends CallAction {}

    /** The actions {@link ServerCall} emits. */
    sealed interface Server extends CallAction {}

    /** The actions that are requests to the call's stream on the endpoint machine: frames and credit. */
    sealed interface OnStream extends CallAction {}

    // --- frames ------------------------------------------------------------------------------

    /**
     * Client: open a new stream on the transport in hand with this request header block (never
     * END_STREAM: messages, or an empty DATA with END_STREAM, follow). The driver answers with
     * {@link ClientCallEvent.StreamAssigned} or {@link ClientCallEvent.StreamNotStarted}.
     */
    record OpenStream(List<HeaderField> fields) implements Client, OnStream {
        public OpenStream {
            fields = List.copyOf(fields);
        }
    }

    /** Server: one HEADERS block (HEADERS + CONTINUATION) carrying {@code fields}, END_STREAM if asked. */
    record SendHeaders(List<HeaderField> fields, boolean endStream) implements Server, OnStream {
        public SendHeaders {
            fields = List.copyOf(fields);
        }
    }

    /** DATA carrying one length-prefixed message ({@link MessageFramer} output), END_STREAM if asked. */
    record SendMessage(Bytes framed, boolean endStream) implements Client, Server, OnStream {}

    /** Client: an empty DATA frame with END_STREAM: no more request messages (PROTOCOL-HTTP2, EOS). */
    record SendEndStream() implements Client, OnStream {}

    /** Server: the trailing HEADERS block, always with END_STREAM. */
    record SendTrailers(List<HeaderField> fields) implements Server, OnStream {
        public SendTrailers {
            fields = List.copyOf(fields);
        }
    }

    /**
     * Server: DATA with END_STREAM carrying an HTTP response body that is not a gRPC message: the
     * text of our answer to a request that is not gRPC ({@link RpcRules#RPC_44}).
     */
    record SendBody(Bytes body) implements Server, OnStream {}

    /** RST_STREAM with {@code code} on the call's stream. */
    record SendRstStream(ErrorCode code) implements Client, Server, OnStream {}

    // --- time, transports, credit ----------------------------------------------------------------

    /** Start the call's deadline timer; when it fires the driver feeds {@code DeadlineExpired(now)}. */
    record ArmDeadline(long delayNanos) implements Client, Server {}

    /** Stop the call's deadline timer. */
    record CancelDeadline() implements Client, Server {}

    /**
     * Client: pick a transport for a transparent retry ({@link RpcRules#RPC_28}) and answer with
     * {@link ClientCallEvent.TransportPicked} or {@link ClientCallEvent.PickFailed}. The stream
     * the call had is abandoned: events from it no longer concern the call. With
     * {@code avoidCurrent} the transport that failed to process the stream takes no new streams
     * (GOAWAY, closing) and must not be picked again.
     */
    record PickTransport(boolean avoidCurrent) implements Client {}

    /** Hand {@code bytes} of stream flow-control credit back to the peer ({@link RpcRules#RPC_38}). */
    record ReturnCredit(int bytes) implements Client, Server, OnStream {
        public ReturnCredit {
            if (bytes <= 0) throw new IllegalArgumentException("credit " + bytes);
        }
    }

    // --- to the application ----------------------------------------------------------------------

    /**
     * Server: a valid call arrived. The driver looks the method up and answers with
     * {@link ServerCallEvent.MethodResolved} or {@link ServerCallEvent.MethodUnknown}.
     */
    record DeliverRequest(RequestHeaders request) implements Server {}

    /** Client: the response headers arrived with this metadata. */
    record DeliverResponseHeaders(Metadata metadata) implements Client {}

    /**
     * One message for the application. When {@code message.compressed()} it is still compressed
     * with {@code encoding}; decompressed it may be at most {@code maxBytes} long
     * ({@link RpcRules#RPC_34}). The driver decodes it and answers with {@code MessageDelivered},
     * or {@code MessageUnreadable} when it cannot; the machine delivers nothing more until then.
     */
    record DeliverMessage(GrpcMessage message, String encoding, int maxBytes) implements Client, Server {
        public DeliverMessage {
            Objects.requireNonNull(message);
            if (message.compressed()) Objects.requireNonNull(encoding, "a compressed message names its encoding");
        }
    }

    /** Server: the client has sent all its messages, and every one has been delivered. */
    record DeliverHalfClose() implements Server {}

    /**
     * Server: the call ended without the application finishing it (reset, deadline, a broken or
     * unreadable request, the connection gone): the handler is told it is cancelled.
     */
    record DeliverCancel(Status status) implements Server {}

    /** The call is over with {@code status}; {@code trailers} is the trailing metadata (client side). */
    record Complete(Status status, Metadata trailers) implements Client, Server {
        public Complete(Status status) {
            this(status, Metadata.EMPTY);
        }
    }

    // --- reports -------------------------------------------------------------------------------

    /**
     * The peer broke {@code rule}, and the outcome is a gRPC status or a tolerated deviation rather
     * than a stream error. The oracle records it; the transport ignores it.
     */
    record PeerFault(Rule rule, String detail) implements Client, Server {}

    /** The application asked for something the call cannot do in its state (e.g. send after close). */
    record Refused(String reason) implements Client, Server {}
}
