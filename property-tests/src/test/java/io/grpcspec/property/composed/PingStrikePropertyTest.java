package io.grpcspec.property.composed;

import io.grpcspec.property.engine.Context;
import io.grpcspec.property.engine.Many;
import io.grpcspec.property.engine.Property;
import io.grpcspec.property.engine.Result;
import io.grpcspec.property.model.Bounds;
import io.grpcspec.property.model.ConnectionModel;
import io.grpcspec.property.model.Driver;
import io.grpcspec.property.model.Side;
import io.grpcspec.property.model.World;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ping policing under gRPC's default policy (gRFC A8): a client that sends at most three PINGs
 * between two HEADERS/DATA writes of the server (one accepted, two strikes) is never told
 * ENHANCE_YOUR_CALM, however long the conversation — because every server write clears the
 * strikes. Time is frozen, so every PING after the accepted one is early.
 */
class PingStrikePropertyTest {

    private static final Bounds STRICT = new Bounds("pings", 1, 1, 1, 1, List.of(1), 0, 0, 0, 0, 8, 0, true);

    static Result<Context> run(Driver driver, int tries, boolean print) {
        ConnectionModel model = new ConnectionModel(STRICT, driver);
        return Property.stateful("pings within the strike allowance never provoke ENHANCE_YOUR_CALM").tries(tries)
                .printSummary(print).run(ctx -> {
                    World w = model.settle(model.start());
                    w = model.settle(model.apply(w, Side.CLIENT, new EndpointEvent.OpenStream(ConnectionModel.requestHeaders(), false, 0)));
                    w = model.settle(model.apply(w, Side.SERVER, new EndpointEvent.SendHeaders(1, ConnectionModel.responseHeaders(), false, 0)));
                    int sinceWrite = 0;
                    long payload = 1;
                    Many steps = ctx.many(0, 30, 12);
                    while (steps.more()) {
                        if (sinceWrite < 3 && ctx.weighted(0.7)) {
                            ctx.note("client PING " + payload);
                            w = model.settle(model.apply(w, Side.CLIENT, new EndpointEvent.SendPing(payload++, 0)));
                            ctx.count(sinceWrite == 0 ? "KA-12" : "KA-9");
                            sinceWrite++;
                        } else {
                            ctx.note("server DATA (clears strikes)");
                            w = model.settle(model.apply(w, Side.SERVER, new EndpointEvent.SendData(1, Bytes.of((byte) 0), false, 0)));
                            w = model.settle(model.apply(w, Side.CLIENT, new EndpointEvent.Consumed(1, 1, 0)));
                            sinceWrite = 0;
                        }
                    }
                });
    }

    @Test
    @Checks({"KA-9", "KA-11", "KA-12"})
    void serverWritesClearPingStrikes() {
        run(Driver.REAL, 200, true).throwIfFailed();
    }

    /** The policy has teeth: a fourth PING in a row is the third strike. */
    @Test
    @Checks("KA-11")
    void aFourthEarlyPingIsTooMany() throws Exception {
        ConnectionModel model = new ConnectionModel(STRICT);
        World w = model.settle(model.start());
        w = model.settle(model.apply(w, Side.CLIENT, new EndpointEvent.OpenStream(ConnectionModel.requestHeaders(), false, 0)));
        for (int i = 1; i <= 3; i++) w = model.settle(model.apply(w, Side.CLIENT, new EndpointEvent.SendPing(i, 0)));
        World before = w;
        org.junit.jupiter.api.Assertions.assertThrows(io.grpcspec.property.model.TransitionSystem.Broken.class,
                () -> model.settle(model.apply(before, Side.CLIENT, new EndpointEvent.SendPing(4, 0))));
    }
}
