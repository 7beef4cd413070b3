package io.grpcspec.property.model.call;

import io.grpcspec.property.model.Item;
import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.grpc.ClientCall;
import io.grpcspec.spec.grpc.ServerCall;
import io.grpcspec.spec.grpc.Status;
import java.util.List;

/**
 * A state of the {@link CallModel}: the two endpoint drivers and the pipes between them, as in the
 * connection model, plus the client call, the server calls (one per stream the server saw a
 * request on: a transparent retry makes a second) and what each application has seen and done.
 * Immutable; compared by value for the visited set.
 *
 * @param client     the client's endpoint driver state
 * @param server     the server's endpoint driver state
 * @param toServer   items in flight to the server, oldest first
 * @param toClient   items in flight to the client, oldest first
 * @param call       the client call machine
 * @param app        the client application's record
 * @param servers    the server calls, by stream ID ascending
 * @param now        the logical clock: the due time of the last deadline that fired (0 until one does)
 * @param budget     what the disruptive moves have left on this path
 */
public record CallWorld(DriverState client, DriverState server, List<Item> toServer, List<Item> toClient,
                        ClientCall call, ClientApp app, List<ServerSide> servers, long now, Budget budget) {

    public CallWorld {
        toServer = List.copyOf(toServer);
        toClient = List.copyOf(toClient);
        servers = List.copyOf(servers);
    }

    /**
     * The client application: whether it started the call (and with a deadline), what it sent,
     * which response messages reached it (by number, in arrival order), and how the call ended.
     *
     * @param deadlineDue when the call's deadline timer fires (-1: not armed)
     * @param cancelled the application cancelled the call while it was live
     * @param deadlineHit the deadline timer fired while the call was live
     * @param statuses every status the call reported (a correct call reports exactly one)
     */
    public record ClientApp(boolean started, int sent, boolean halfClosed, List<Integer> received, long deadlineDue,
                            boolean cancelled, boolean deadlineHit, List<Status> statuses) {
        public ClientApp {
            received = List.copyOf(received);
            statuses = List.copyOf(statuses);
        }

        static final ClientApp START = new ClientApp(false, 0, false, List.of(), -1, false, false, List.of());

        /** The call's one status, or null while it has none. */
        public Status status() {
            return statuses.isEmpty() ? null : statuses.get(0);
        }
    }

    /**
     * One server call and its application.
     *
     * @param requestSeen the request reached the application (DeliverRequest): the server processed the stream
     * @param halfCloseSeen the client's half-close reached the application, after every request message
     * @param received request messages that reached the application, by number, in arrival order
     * @param sent response messages the application sent
     * @param finishedWith the status the application finished with (null: it did not)
     * @param cancelSeen the application was told the call was cancelled
     * @param deadlineDue when the call's deadline timer fires (-1: not armed)
     * @param deadlineHit the deadline timer fired while the call was live
     * @param statuses every status the call reported (a correct call reports exactly one)
     */
    public record ServerSide(int streamId, ServerCall call, boolean requestSeen, boolean halfCloseSeen, List<Integer> received,
                             int sent, Status finishedWith, boolean cancelSeen, long deadlineDue, boolean deadlineHit,
                             List<Status> statuses) {
        public ServerSide {
            received = List.copyOf(received);
            statuses = List.copyOf(statuses);
        }

        /** The call's one status, or null while it has none. */
        public Status status() {
            return statuses.isEmpty() ? null : statuses.get(0);
        }
    }

    /** What the disruptive moves have left on this path. */
    public record Budget(int cancels, int errors, int shutdowns, int fires) {}

    /** Both applications are done: the client call ended (or never started), and so did every server call. */
    public boolean callsDone() {
        if (app.started() && app.statuses().isEmpty()) return false;
        for (ServerSide s : servers) if (s.statuses().isEmpty()) return false;
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("client=").append(client.endpoint().phase()).append(" server=").append(server.endpoint().phase());
        if (now != 0) sb.append(" now=").append(now / 1_000_000).append("ms");
        sb.append(" c->s=").append(toServer).append(" s->c=").append(toClient);
        sb.append(" call=").append(call.phase()).append('/').append(call.attempt()).append(" stream=").append(call.streamId())
                .append(" app=").append(app);
        for (ServerSide s : servers) sb.append(" server-call=").append(s.call().phase()).append(' ').append(s);
        return sb.toString();
    }
}
