package io.grpcspec.spec.grpc;

import io.grpcspec.spec.Action;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.spec.Rule;
import java.util.List;

/**
 * What the call machines ask the transport (Send*) and the application (Deliver*, Complete) to
 * do. The transport turns Send* into frames on the call's stream, in order.
 */
public final class CallActions {
    private CallActions() {}

    /** One HEADERS block (HEADERS + CONTINUATION) carrying {@code fields}, END_STREAM if asked. */
    public record SendHeaders(List<HeaderField> fields, boolean endStream) implements Action {
        public SendHeaders {
            fields = List.copyOf(fields);
        }
    }

    /** DATA carrying one length-prefixed message ({@link MessageFramer} output), END_STREAM if asked. */
    public record SendMessage(Bytes framed, boolean endStream) implements Action {}

    /** An empty DATA frame with END_STREAM: the client has no more messages (PROTOCOL-HTTP2, EOS). */
    public record SendEndStream() implements Action {}

    /** The trailing HEADERS block, always with END_STREAM. */
    public record SendTrailers(List<HeaderField> fields) implements Action {
        public SendTrailers {
            fields = List.copyOf(fields);
        }
    }

    /** RST_STREAM with {@code code} on the call's stream. */
    public record SendRstStream(ErrorCode code) implements Action {}

    /** Server: a valid call arrived; the application looks up {@code request.path()}. */
    public record DeliverRequest(RequestHeaders request) implements Action {}

    /** Client: the response headers arrived with this metadata. */
    public record DeliverResponseHeaders(Metadata metadata) implements Action {}

    /** A complete message for the application (still compressed when {@code message.compressed()}). */
    public record DeliverMessage(GrpcMessage message) implements Action {}

    /** Server: the client has sent all its messages. */
    public record DeliverHalfClose() implements Action {}

    /** The call is over with {@code status}; {@code trailers} is the trailing metadata (client side). */
    public record Complete(Status status, Metadata trailers) implements Action {
        public Complete(Status status) {
            this(status, Metadata.EMPTY);
        }
    }

    /**
     * The peer broke {@code rule}, and the outcome is a gRPC status or a tolerated deviation rather
     * than a stream error. The oracle records it; the transport ignores it.
     */
    public record PeerFault(Rule rule, String detail) implements Action {}

    /** The application asked for something the call cannot do in its state (e.g. send after close). */
    public record Refused(String reason) implements Action {}
}
