package io.grpcspec.property.composed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.property.engine.Property;
import io.grpcspec.property.model.ConnectionModel;
import io.grpcspec.property.model.Walks;
import io.grpcspec.property.model.Item;
import io.grpcspec.property.model.Side;
import io.grpcspec.property.model.World;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import org.junit.jupiter.api.Test;

/**
 * A conforming client and server, driven by generated application behaviour (open streams,
 * messages of 1..2 window units across frames, consume, cancel, INITIAL_WINDOW_SIZE changes,
 * pings, graceful shutdown), in any interleaving of deliveries: no Violation, flow-control
 * conservation at every step, and after quiescence both sides agree on every window and on
 * the settings in force.
 */
class ConformingPeersPropertyTest {

    private static final ConnectionModel WITH_SHUTDOWN = new ConnectionModel(Walks.WALK);
    private static final ConnectionModel WITHOUT_SHUTDOWN = new ConnectionModel(Walks.WALK_OPEN);

    @Test
    @Checks({"FC-3", "FC-5", "FC-9", "FC-10", "FC-12", "FC-13", "SET-9", "SET-10", "KA-1", "GA-1", "GA-2"})
    void conformingPeersNeverViolateAndAgreeAfterQuiescence() {
        Property.stateful("conforming client and server never violate").tries(300).check(ctx -> {
            ConnectionModel model = ctx.bool() ? WITH_SHUTDOWN : WITHOUT_SHUTDOWN;
            World w = Walks.walk(model, ctx, 120);
            for (Side s : Side.values()) countRules(ctx, w.outbound(s));
            w = model.settle(w);
            assertNull(model.invariant(w), "invariants after quiescence");
            Endpoint c = w.client();
            Endpoint s = w.server();
            if (c.closed() || s.closed()) {
                ctx.label("closed");
                return;
            }
            ctx.label("open at the end");
            assertEquals(s.localSettings(), c.remoteSettings(), "client applies exactly the server's acknowledged settings");
            assertEquals(c.localSettings(), s.remoteSettings(), "server applies exactly the client's acknowledged settings");
            assertTrue(c.connection().settings().pending().isEmpty() && s.connection().settings().pending().isEmpty(),
                    "every SETTINGS acknowledged once delivered");
            assertEquals(c.connectionReceiveWindow(), s.connectionSendWindow(), "connection window client<-server");
            assertEquals(s.connectionReceiveWindow(), c.connectionSendWindow(), "connection window server<-client");
            assertTrue(c.connectionSendWindow() <= Integer.MAX_VALUE && s.connectionSendWindow() <= Integer.MAX_VALUE);
        });
    }

    private static void countRules(io.grpcspec.property.engine.Context ctx, java.util.List<Item> pipe) {
        for (Item it : pipe) {
            if (!(it instanceof Item.FrameItem f)) continue;
            Frame fr = f.frame();
            if (fr instanceof DataFrame) ctx.count("FC-3");
            else if (fr instanceof WindowUpdateFrame) ctx.count("FC-12");
            else if (fr instanceof SettingsFrame sf) ctx.count(sf.ack() ? "SET-10" : "SET-9");
            else if (fr instanceof PingFrame p && p.ack()) ctx.count("KA-1");
        }
    }
}
