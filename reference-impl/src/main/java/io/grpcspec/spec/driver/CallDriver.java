package io.grpcspec.spec.driver;

import io.grpcspec.spec.Violation;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.grpc.CallAction;
import io.grpcspec.spec.grpc.CallAction.OnStream;
import io.grpcspec.spec.grpc.CallAction.OpenStream;
import io.grpcspec.spec.grpc.CallAction.ReturnCredit;
import io.grpcspec.spec.grpc.CallAction.SendBody;
import io.grpcspec.spec.grpc.CallAction.SendEndStream;
import io.grpcspec.spec.grpc.CallAction.SendHeaders;
import io.grpcspec.spec.grpc.CallAction.SendMessage;
import io.grpcspec.spec.grpc.CallAction.SendRstStream;
import io.grpcspec.spec.grpc.CallAction.SendTrailers;
import io.grpcspec.spec.grpc.ClientCallEvent;
import io.grpcspec.spec.grpc.ServerCallEvent;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;

/**
 * Where a call machine ({@code ClientCall}, {@code ServerCall}) meets the endpoint machine below
 * it: the one translation, in pure functions, used by the socket glue ({@code client.StreamCall},
 * {@code server.ServerStream}) and by the model checker, so that what is model-checked is what
 * runs.
 *
 * <ul>
 *   <li>Down: {@link #toEndpoint} turns a call's {@link OnStream} action into the endpoint's event on
 *       the call's stream. An empty DATA frame carries a client's END_STREAM, trailers are a header
 *       block with END_STREAM, a non-gRPC answer's body is DATA with END_STREAM, returned credit is the endpoint's {@code Consumed}.</li>
 *   <li>Up: {@link #toClient} and {@link #toServer} turn what the connection reports about the
 *       stream into the call's event, or say it means nothing to the call; {@link #opened} is the
 *       answer to a client's {@code OpenStream}.</li>
 *   <li>A call machine's {@link Violation} (the peer broke a stream rule of the gRPC layer) is
 *       answered by {@link #reset} on the stream and reported back to the machine as
 *       {@link #clientResetSent} / {@link #serverResetSent}, which end the call.</li>
 * </ul>
 */
public final class CallDriver {
    private CallDriver() {}

    /** The endpoint event that performs {@code action} on stream {@code streamId} (0 for an {@code OpenStream}) at {@code now}. */
    public static EndpointEvent toEndpoint(OnStream action, int streamId, long now) {
        return switch (action) {
            case OpenStream(var fields) -> new EndpointEvent.OpenStream(fields, false, now);
            case SendHeaders(var fields, boolean end) -> new EndpointEvent.SendHeaders(streamId, fields, end, now);
            case SendTrailers(var fields) -> new EndpointEvent.SendHeaders(streamId, fields, true, now);
            case SendMessage(Bytes framed, boolean end) -> new EndpointEvent.SendData(streamId, framed, end, now);
            case SendEndStream() -> new EndpointEvent.SendData(streamId, Bytes.EMPTY, true, now);
            case SendBody(Bytes body) -> new EndpointEvent.SendData(streamId, body, true, now);
            case SendRstStream(ErrorCode code) -> new EndpointEvent.ResetStream(streamId, code, now);
            case ReturnCredit(int bytes) -> new EndpointEvent.Consumed(streamId, bytes, now);
        };
    }

    /**
     * The client call's answer to its {@code OpenStream}: the stream the endpoint started, or why
     * none was ({@code refused} non-null, or no stream ID: the connection answered "not processed").
     */
    public static ClientCallEvent opened(int streamId, String refused) {
        if (refused == null && streamId > 0) return new ClientCallEvent.StreamAssigned(streamId);
        return new ClientCallEvent.StreamNotStarted(refused != null ? refused : "the connection takes no new streams");
    }

    /** What {@code report} about its stream means to a client call at {@code now}; null: nothing. */
    public static ClientCallEvent toClient(StreamReport report, long now) {
        return switch (report) {
            case StreamReport.Headers(var fields, boolean end, boolean trailers) -> new ClientCallEvent.HeadersReceived(fields, end);
            case StreamReport.Data(Bytes data, boolean end) -> new ClientCallEvent.DataReceived(data, end);
            case StreamReport.PeerReset(long code) -> new ClientCallEvent.RstStreamReceived(code, now);
            case StreamReport.NotProcessed(String why) -> new ClientCallEvent.NotProcessed(why);
            // The client learns how its stream ended from the frames themselves.
            case StreamReport.StreamClosed c -> null;
            case StreamReport.ConnectionClosed(String why) -> new ClientCallEvent.TransportClosed(why);
        };
    }

    /** What {@code report} about its stream means to a server call at {@code now}; null: nothing. */
    public static ServerCallEvent toServer(StreamReport report, long now) {
        return switch (report) {
            case StreamReport.Headers(var fields, boolean end, boolean trailers) -> new ServerCallEvent.HeadersReceived(fields, end, now);
            case StreamReport.Data(Bytes data, boolean end) -> new ServerCallEvent.DataReceived(data, end);
            case StreamReport.PeerReset(long code) -> new ServerCallEvent.RstStreamReceived(code);
            // A server's own streams are never "not processed": it opens none.
            case StreamReport.NotProcessed n -> null;
            case StreamReport.StreamClosed(String why) -> new ServerCallEvent.StreamClosed(why);
            case StreamReport.ConnectionClosed(String why) -> new ServerCallEvent.StreamClosed("connection closed: " + why);
        };
    }

    /** Whether a report on a stream without a server call starts one: a request's first header block. */
    public static boolean startsServerCall(StreamReport report) {
        return report instanceof StreamReport.Headers h && !h.trailers();
    }

    /** The reset that answers a call machine's violation on its stream. */
    public static CallAction.SendRstStream reset(Violation v) {
        return new CallAction.SendRstStream(v.code());
    }

    /** The event that tells the client call its stream was reset over {@code v}. */
    public static ClientCallEvent clientResetSent(Violation v) {
        return new ClientCallEvent.ResetSent(v.code(), v.rule().id() + ": " + v.detail());
    }

    /** The event that tells the server call its stream was reset over {@code v}. */
    public static ServerCallEvent serverResetSent(Violation v) {
        return new ServerCallEvent.ResetSent(v.code(), v.rule().id() + ": " + v.detail());
    }
}
