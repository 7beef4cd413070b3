package io.grpcspec.property.composed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpcspec.property.engine.Property;
import io.grpcspec.property.engine.Result;
import io.grpcspec.property.engine.Context;
import io.grpcspec.property.model.ConnectionModel;
import io.grpcspec.property.model.Walks;
import io.grpcspec.property.model.Item;
import io.grpcspec.property.model.Machine;
import io.grpcspec.property.model.World;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.endpoint.Endpoints;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.spec.Scope;
import org.junit.jupiter.api.Test;

/**
 * Each mutation of a valid conversation is detected with exactly the expected rule, RFC error
 * code and scope, and answered on the wire as that scope demands: GOAWAY with the code and a
 * close for a connection error, RST_STREAM with the code for a stream error. The conversation
 * before the mutation is a generated walk of the composed model, so the mutation lands in
 * every kind of state (mid-handshake excluded, mid-transfer, after resets, while draining...).
 */
class MutationPropertyTest {

    static final int TRIES = 150;

    /** Runs {@code mutation} against {@code machine}; the bug zoo passes faulty machines. */
    static Result<Context> detect(Machine machine, Mutation mutation, int tries, boolean print) {
        ConnectionModel model = new ConnectionModel(Walks.WALK, machine);
        return Property.stateful("mutation " + mutation + " is detected").tries(tries).maxDiscardRatio(60)
                .printSummary(print).run(ctx -> {
                    World w = mutation.prepare(model, Walks.walk(model, ctx, 60));
                    Mutation.Injection inj = mutation.plan(w, ctx);
                    ctx.assume(inj != null);
                    Endpoint r = w.endpoint(inj.to());
                    Violation seen = null;
                    EndpointEvent culprit = null;
                    for (Frame f : inj.frames()) {
                        ctx.note("inject to " + inj.to() + ": " + Item.describe(f));
                        culprit = new EndpointEvent.FrameReceived(f, 0);
                        Step<Endpoint> step = machine.step(inj.to(), r, culprit);
                        if (step.isViolation()) {
                            seen = step.violation();
                            break;
                        }
                        r = step.state();
                        // a frame before the last closed the connection (GOAWAY with nothing open): the rest is moot
                        ctx.assume(!r.closed());
                    }
                    if (seen == null) fail(inj.to() + " accepted the mutated frames; expected " + inj.rule().id());
                    assertEquals(inj.rule(), seen.rule(), "rule: " + seen);
                    assertEquals(inj.code(), seen.code(), "code: " + seen);
                    assertEquals(inj.scope(), seen.scope(), "scope: " + seen);
                    ctx.count(seen.rule());
                    // the answer on the wire
                    Step<Endpoint> answer = Endpoints.recover(r, culprit, seen);
                    assertTrue(!answer.isViolation(), "recover never violates");
                    boolean answered = false;
                    for (Action a : answer.actions()) {
                        if (!(a instanceof Actions.WriteFrame wf)) continue;
                        if (seen.scope() == Scope.CONNECTION && wf.frame() instanceof GoAwayFrame g && g.errorCode() == seen.code().code()) answered = true;
                        if (seen.scope() == Scope.STREAM && wf.frame() instanceof RstStreamFrame rst
                                && rst.streamId() == seen.streamId() && rst.errorCode() == seen.code().code()) answered = true;
                    }
                    assertTrue(answered, "answered with " + (seen.scope() == Scope.CONNECTION ? "GOAWAY " : "RST_STREAM ")
                            + seen.code() + ": " + answer.actions());
                    if (seen.scope() == Scope.CONNECTION) {
                        assertTrue(answer.actions().stream().anyMatch(a -> a instanceof Actions.CloseConnection), "connection closed");
                    }
                });
    }

    private static void check(Mutation m) {
        check(m, TRIES);
    }

    private static void check(Mutation m, int tries) {
        detect(Machine.REAL, m, tries, true).throwIfFailed();
    }

    @Test
    @Checks("STR-10")
    void reorderedNewStreams() {
        check(Mutation.REORDER_NEW_STREAMS);
    }

    @Test
    @Checks("HB-1")
    void frameInterleavedIntoHeaderBlock() {
        check(Mutation.INTERLEAVE_HEADER_BLOCK);
    }

    @Test
    @Checks("HB-2")
    void continuationOnAnotherStream() {
        check(Mutation.CONTINUATION_ON_OTHER_STREAM);
    }

    @Test
    @Checks("HB-3")
    void continuationWithoutHeaderBlock() {
        check(Mutation.CONTINUATION_WITHOUT_BLOCK);
    }

    @Test
    @Checks("FC-1")
    void windowUpdateZero() {
        check(Mutation.WINDOW_UPDATE_ZERO);
    }

    @Test
    @Checks("FC-2")
    void windowUpdateOverflow() {
        check(Mutation.WINDOW_UPDATE_OVERFLOW);
    }

    @Test
    @Checks("GA-5")
    void goAwayIncrease() {
        check(Mutation.GOAWAY_INCREASE);
    }

    @Test
    @Checks("FC-8")
    void dataBeyondStreamWindow() {
        check(Mutation.EXCEED_STREAM_WINDOW);
    }

    @Test
    @Checks({"FC-4", "FC-8"})
    void paddingCountsAgainstTheWindow() {
        check(Mutation.PADDING_EXCEEDS_WINDOW);
    }

    @Test
    @Checks("STR-1")
    void droppedHeaders() {
        check(Mutation.DROP_HEADERS);
    }

    @Test
    @Checks("STR-2")
    void duplicatedEndStream() {
        check(Mutation.DUPLICATE_END_STREAM);
    }

    @Test
    @Checks("STR-9")
    void wrongStreamParity() {
        check(Mutation.WRONG_PARITY);
    }

    @Test
    @Checks("STR-15")
    void pushPromiseToServer() {
        check(Mutation.PUSH_PROMISE_TO_SERVER);
    }

    @Test
    @Checks({"SET-2", "SET-5", "SET-6"})
    void corruptedSetting() {
        check(Mutation.CORRUPT_SETTING);
    }
}
