package io.grpcspec.property.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.driver.EndpointDriver;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.wire.Preface;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The canonical numbering and its deep hash, which remembers the hashes of shared parts by
 * identity: a remembered hash must never differ from the hash of the same value computed from
 * scratch, equal states built apart must get one number, and different states different ones.
 * A world reached by a step numbers its new state only when asked, and that number names the
 * state the world showed before.
 */
class CanonTest {

    /** Driver states met along walks of the composed model, in the order they were met. */
    private static List<DriverState> statesOfWalks(int walks) throws TransitionSystem.Broken {
        ConnectionModel model = new ConnectionModel(Walks.WALK);
        List<DriverState> out = new ArrayList<>();
        long seed = 7;
        for (int i = 0; i < walks; i++) {
            World w = model.start();
            for (int step = 0; step < 60; step++) {
                List<TransitionSystem.Edge<World>> edges = model.successors(w);
                if (edges.isEmpty()) break;
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                w = edges.get((int) Long.remainderUnsigned(seed >>> 33, edges.size())).target();
                out.add(w.clientDriver());
                out.add(w.serverDriver());
            }
        }
        return out;
    }

    @Test
    void aRememberedHashEqualsTheHashComputedFromScratch() throws Exception {
        List<DriverState> states = statesOfWalks(12);
        Canon used = new Canon();
        for (DriverState s : states) used.driver(s);
        Set<Integer> distinct = new HashSet<>();
        for (DriverState s : states) {
            // A fresh Canon remembers nothing: its hash is computed from every part.
            assertEquals(new Canon().driverHash(s), used.driverHash(s), "the hash of " + s);
            distinct.add(used.driverHash(s));
        }
        assertTrue(distinct.size() > 50, "the walks met many different states: " + distinct.size());
    }

    @Test
    void equalStatesBuiltApartGetOneNumberAndDifferentStatesDifferentOnes() {
        DriverState a = startedServer();
        DriverState b = startedServer();
        assertNotSame(a, b);
        assertNotSame(a.endpoint().streams(), b.endpoint().streams());
        assertEquals(a, b);
        Canon canon = new Canon();
        int id = canon.driver(a);
        assertEquals(id, canon.driver(b), "equal values, one number");
        DriverState opened = new EndpointDriver().step(a, new EndpointEvent.PrefaceReceived(Preface.CLIENT, 0)).state();
        assertNotEquals(a, opened);
        assertNotEquals(id, canon.driver(opened), "a different state gets a new number");
        assertEquals(id, canon.driver(startedServer()));
        assertEquals(2, canon.drivers());
    }

    @Test
    void aSuccessorsNewStateIsNumberedOnlyWhenAskedAndItsNumberNamesThatState() throws Exception {
        ConnectionModel model = new ConnectionModel(Walks.WALK);
        World w = model.start();
        long seed = 11;
        int numberedLater = 0;
        for (int step = 0; step < 80; step++) {
            w.driverId(Side.CLIENT); // the world we stand on is numbered: successors look steps up by its numbers
            w.driverId(Side.SERVER);
            int known = model.driverStates();
            List<TransitionSystem.Edge<World>> edges = model.successors(w);
            if (edges.isEmpty()) break;
            List<DriverState> read = new ArrayList<>();
            for (TransitionSystem.Edge<World> e : edges) {
                read.add(e.target().clientDriver());
                read.add(e.target().serverDriver());
            }
            // Computing the successors (every step's own checks included) and reading their states numbered nothing new.
            assertEquals(known, model.driverStates(), "successors numbered states nobody asked for");
            List<TransitionSystem.Edge<World>> again = model.successors(w);
            for (int i = 0; i < edges.size(); i++) {
                World t = edges.get(i).target();
                for (Side side : Side.values()) {
                    int id = t.driverId(side);
                    assertEquals(read.get(2 * i + side.ordinal()), t.canon().driver(id), "the number names the state read before");
                    assertEquals(id, t.driverId(side), "numbered once");
                }
                // The same step replayed from the cache: an equal world, whichever side of equals is numbered.
                World u = again.get(i).target();
                assertEquals(u, t);
                assertEquals(t.hashCode(), u.hashCode());
            }
            numberedLater += model.driverStates() - known;
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            w = edges.get((int) Long.remainderUnsigned(seed >>> 33, edges.size())).target();
        }
        assertTrue(numberedLater > 10, "the walk met new states: " + numberedLater);
    }

    private static DriverState startedServer() {
        EndpointDriver driver = new EndpointDriver();
        DriverState s = EndpointDriver.initial(ConnectionModel.config(Side.SERVER, Walks.WALK));
        return driver.step(s, new EndpointEvent.Start(0, 0)).state();
    }
}
