package io.grpcspec.property.model;

import io.grpcspec.spec.endpoint.Endpoint;
import java.util.List;

/**
 * One state of the composed system: both endpoint machines, the items in flight each way (TCP
 * keeps them in order), and the applications' {@link Script}. A record of records: value
 * equality makes it its own visited-set key.
 */
public record World(Endpoint client, Endpoint server, List<Item> toServer, List<Item> toClient, Script script) {

    public World {
        toServer = List.copyOf(toServer);
        toClient = List.copyOf(toClient);
    }

    public Endpoint endpoint(Side side) {
        return side == Side.CLIENT ? client : server;
    }

    /** Items on their way TO {@code side}. */
    public List<Item> inbound(Side side) {
        return side == Side.CLIENT ? toClient : toServer;
    }

    /** Items {@code side} has written that the peer has not read yet. */
    public List<Item> outbound(Side side) {
        return side == Side.CLIENT ? toServer : toClient;
    }

    @Override
    public String toString() {
        return "client=" + client.phase() + " server=" + server.phase() + " c->s=" + toServer + " s->c=" + toClient
                + " app=" + script;
    }
}
