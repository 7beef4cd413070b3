package io.grpcspec.property.model;

import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.endpoint.Endpoint;
import java.util.List;

/**
 * One state of the composed system: both endpoints' driver states (machine, HPACK both ways,
 * armed timers), the items in flight each way (TCP keeps them in order), and the applications'
 * {@link Script}. A record of records: value equality makes it its own visited-set key.
 */
public record World(DriverState clientDriver, DriverState serverDriver, List<Item> toServer, List<Item> toClient, Script script) {

    public World {
        toServer = List.copyOf(toServer);
        toClient = List.copyOf(toClient);
    }

    /** The client's machine. */
    public Endpoint client() {
        return clientDriver.endpoint();
    }

    /** The server's machine. */
    public Endpoint server() {
        return serverDriver.endpoint();
    }

    public Endpoint endpoint(Side side) {
        return driver(side).endpoint();
    }

    public DriverState driver(Side side) {
        return side == Side.CLIENT ? clientDriver : serverDriver;
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
        return "client=" + client().phase() + " server=" + server().phase() + " c->s=" + toServer + " s->c=" + toClient
                + " app=" + script;
    }
}
