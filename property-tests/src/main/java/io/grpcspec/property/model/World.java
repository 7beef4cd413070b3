package io.grpcspec.property.model;

import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.endpoint.Endpoint;
import java.util.AbstractList;
import java.util.List;

/**
 * One state of the composed system: both endpoints' driver states (machine, HPACK both ways,
 * armed timers with their due times), the items in flight each way (TCP keeps them in order),
 * the applications' {@link Script}, and the logical clock {@link #now()}.
 *
 * <p>Every part is canonical in its model's {@link Canon}: equal driver states, items and scripts
 * are one instance with one dense number. A world is therefore identified exactly by a short
 * row of integers ({@link #pack}), which is what the visited set stores; worlds themselves are
 * kept only until they are expanded.
 *
 * <p>A world reached by a driver step holds that side's state through the step's
 * {@link Transition} and numbers it only when asked ({@link #driverId}, {@link #pack},
 * {@code equals}): the checks read the state itself, so a world a walk does not take is never
 * hash-consed. Its value is fixed either way; only when the number is computed differs.
 */
public final class World {
    private final Canon canon;
    /** The sides' driver state numbers; -1 for the side {@link #pending} holds until it is numbered. */
    private int clientId;
    private int serverId;
    /** The step that made one side's state, until that state is numbered; else null. */
    private Transition pending;
    private final int[] toServer;
    private final int[] toClient;
    private final int scriptId;
    private final long now;

    World(Canon canon, int clientId, int serverId, int[] toServer, int[] toClient, int scriptId, long now) {
        this.canon = canon;
        this.clientId = clientId;
        this.serverId = serverId;
        this.toServer = toServer;
        this.toClient = toClient;
        this.scriptId = scriptId;
        this.now = now;
    }

    /** A world whose {@code side} has the state {@code step} made, numbered on first need. */
    World(Canon canon, Side side, Transition step, int otherId, int[] toServer, int[] toClient, int scriptId, long now) {
        this(canon, side == Side.CLIENT ? -1 : otherId, side == Side.SERVER ? -1 : otherId, toServer, toClient, scriptId, now);
        this.pending = step;
    }

    /** Numbers the pending side's state, if any. */
    private void resolve() {
        if (pending == null) return;
        int id = pending.next(canon);
        if (clientId < 0) clientId = id;
        else serverId = id;
        pending = null;
    }

    /** The client's driver state. */
    public DriverState clientDriver() {
        return clientId < 0 ? pending.nextState() : canon.driver(clientId);
    }

    /** The server's driver state. */
    public DriverState serverDriver() {
        return serverId < 0 ? pending.nextState() : canon.driver(serverId);
    }

    /** The client's machine. */
    public Endpoint client() {
        return clientDriver().endpoint();
    }

    /** The server's machine. */
    public Endpoint server() {
        return serverDriver().endpoint();
    }

    public Endpoint endpoint(Side side) {
        return driver(side).endpoint();
    }

    public DriverState driver(Side side) {
        return side == Side.CLIENT ? clientDriver() : serverDriver();
    }

    int driverId(Side side) {
        resolve();
        return side == Side.CLIENT ? clientId : serverId;
    }

    /** Items on their way to the server. */
    public List<Item> toServer() {
        return items(toServer);
    }

    /** Items on their way to the client. */
    public List<Item> toClient() {
        return items(toClient);
    }

    /** Items on their way TO {@code side}. */
    public List<Item> inbound(Side side) {
        return items(inboundIds(side));
    }

    /** Items {@code side} has written that the peer has not read yet. */
    public List<Item> outbound(Side side) {
        return items(outboundIds(side));
    }

    int[] inboundIds(Side side) {
        return side == Side.CLIENT ? toClient : toServer;
    }

    int[] outboundIds(Side side) {
        return side == Side.CLIENT ? toServer : toClient;
    }

    /** The applications' progress and budgets. */
    public Script script() {
        return canon.script(scriptId);
    }

    int scriptId() {
        return scriptId;
    }

    /** The logical clock: the due time of the last timer that fired (0 until one does). */
    public long now() {
        return now;
    }

    Canon canon() {
        return canon;
    }

    /** Writes this world's identity into {@code buf}; returns its length. Equal rows ⇔ equal worlds. */
    int pack(int[] buf) {
        resolve();
        buf[0] = clientId;
        buf[1] = serverId;
        buf[2] = scriptId;
        buf[3] = (int) (now >>> 32);
        buf[4] = (int) now;
        buf[5] = toServer.length;
        System.arraycopy(toServer, 0, buf, 6, toServer.length);
        System.arraycopy(toClient, 0, buf, 6 + toServer.length, toClient.length);
        return 6 + toServer.length + toClient.length;
    }

    /** The longest row {@link #pack} can write for pipes of these lengths. */
    int packedLength() {
        return 6 + toServer.length + toClient.length;
    }

    private List<Item> items(int[] ids) {
        return new AbstractList<>() {
            @Override
            public Item get(int i) {
                return canon.item(ids[i]);
            }

            @Override
            public int size() {
                return ids.length;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof World w)) return false;
        resolve();
        w.resolve();
        return w.canon == canon && w.clientId == clientId && w.serverId == serverId
                && w.scriptId == scriptId && w.now == now && java.util.Arrays.equals(w.toServer, toServer)
                && java.util.Arrays.equals(w.toClient, toClient);
    }

    @Override
    public int hashCode() {
        resolve();
        int h = ((clientId * 31 + serverId) * 31 + scriptId) * 31 + Long.hashCode(now);
        return (h * 31 + java.util.Arrays.hashCode(toServer)) * 31 + java.util.Arrays.hashCode(toClient);
    }

    @Override
    public String toString() {
        return "client=" + client().phase() + " server=" + server().phase() + (now != 0 ? " now=" + Timing.format(now) : "")
                + " c->s=" + toServer() + " s->c=" + toClient() + " app=" + script();
    }
}
