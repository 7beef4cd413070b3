package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.connection.ConnectionAction;
import io.grpcspec.spec.keepalive.KeepaliveAction;
import io.grpcspec.spec.stream.StreamAction;

/**
 * One action of the composed endpoint, tagged with its family: what a driver interprets. The
 * families live in their machines' packages, and a sealed type may permit subtypes of other
 * packages only inside a named module (JLS §8.1.6), so {@link Action} is open and a switch over
 * it needs a default. This union is sealed instead: {@link #of} tags each action once, beside
 * the machine that emits them, and a driver's switch over the tags has no default, so the
 * compiler rejects a driver that forgets a family. A family the endpoint starts to emit is added
 * here, and every driver then fails to compile until it handles it.
 *
 * <p>Of the keepalive machines' family only {@link KeepaliveAction.ConnectionBroken} leaves the
 * endpoint: it performs their GOAWAY requests itself.
 */
public sealed interface EndpointOutput {

    /** Write a frame, arm or cancel a timer, close: {@link Actions.Shared}. */
    record Shared(Actions.Shared action) implements EndpointOutput {}

    /** The lifecycle's and the settings exchange's own actions. */
    record Connection(ConnectionAction action) implements EndpointOutput {}

    /** The stream table's actions: header blocks to encode or decode, data, resets, closes. */
    record Stream(StreamAction action) implements EndpointOutput {}

    /** The keepalive found the connection dead (KA-4, KA-16). */
    record KeepaliveBroken(KeepaliveAction.ConnectionBroken action) implements EndpointOutput {}

    /** The composed endpoint's own actions. */
    record Composed(EndpointAction action) implements EndpointOutput {}

    /**
     * The tag of an action the composed endpoint emitted.
     *
     * @throws IllegalStateException for an action the endpoint never emits (a machine bug)
     */
    static EndpointOutput of(Action a) {
        return switch (a) {
            case Actions.Shared x -> new Shared(x);
            case ConnectionAction x -> new Connection(x);
            case StreamAction x -> new Stream(x);
            case KeepaliveAction.ConnectionBroken x -> new KeepaliveBroken(x);
            case EndpointAction x -> new Composed(x);
            // Action is open (see above): this is the one place that says so for the endpoint.
            default -> throw new IllegalStateException("not an action the composed endpoint emits: " + a);
        };
    }
}
