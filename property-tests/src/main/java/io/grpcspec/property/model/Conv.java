package io.grpcspec.property.model;

/**
 * The applications' view of one stream (one RPC): how far each side got and what it has
 * received but not yet read. The machines know nothing of this; it drives the choice of
 * application actions and the deadlock check ("unread messages").
 *
 * @param id           the stream id the client's machine assigned
 * @param clientSent   messages the client sent (the last one carries END_STREAM)
 * @param serverKnows  the request headers reached the server's application
 * @param serverPhase  0: no response yet, 1: response headers sent, 2: trailers sent
 * @param serverSent   messages the server sent
 * @param clientUnread bytes delivered to the client and not yet consumed
 * @param serverUnread bytes delivered to the server and not yet consumed
 */
public record Conv(int id, int clientSent, boolean serverKnows, int serverPhase, int serverSent,
                   int clientUnread, int serverUnread) {

    static Conv opened(int id) {
        return new Conv(id, 0, false, 0, 0, 0, 0);
    }

    Conv withClientSent(int n) {
        return new Conv(id, n, serverKnows, serverPhase, serverSent, clientUnread, serverUnread);
    }

    Conv withServerKnows() {
        return new Conv(id, clientSent, true, serverPhase, serverSent, clientUnread, serverUnread);
    }

    Conv withServerPhase(int p) {
        return new Conv(id, clientSent, serverKnows, p, serverSent, clientUnread, serverUnread);
    }

    Conv withServerSent(int n) {
        return new Conv(id, clientSent, serverKnows, serverPhase, n, clientUnread, serverUnread);
    }

    Conv withUnread(boolean client, int bytes) {
        return client ? new Conv(id, clientSent, serverKnows, serverPhase, serverSent, bytes, serverUnread)
                : new Conv(id, clientSent, serverKnows, serverPhase, serverSent, clientUnread, bytes);
    }

    int unread(boolean client) {
        return client ? clientUnread : serverUnread;
    }
}
