package io.grpcspec.property.model.call;

import java.util.List;
import java.util.Map;

/**
 * The explicit limits that make the call model ({@link CallModel}) finite: one call, a few
 * messages each way, and budgets for the moves that end a call early.
 *
 * @param name           printed in the {@code model-check:} line
 * @param clientMessages request messages the client application sends before it half-closes
 * @param serverMessages response messages the server application sends before it finishes with OK
 * @param messageBytes   payload bytes of each message (5 more on the wire: the gRPC message prefix)
 * @param streamWindow   both sides' SETTINGS_INITIAL_WINDOW_SIZE in bytes: below two framed
 *                       messages, so a second message waits for credit the reader returns (RPC-38)
 * @param deadlineNanos  the client may start its call with this deadline (0: never a deadline)
 * @param cancels        client cancels (CancelCall) per path
 * @param errors         server applications finishing early with an error status, per path
 * @param shutdowns      graceful server shutdowns (GOAWAY) per path
 * @param fires          call-deadline timer firings per path
 */
public record CallBounds(String name, int clientMessages, int serverMessages, int messageBytes, int streamWindow,
                         long deadlineNanos, int cancels, int errors, int shutdowns, int fires) {

    /**
     * The named call bounds; {@link #CI} run in the default build. A 4-byte payload is 9 bytes
     * framed, so a 16-byte window holds one framed message, not two: the second waits for the
     * credit the reader hands back.
     */
    public static final Map<String, CallBounds> NAMED = Map.of(
            "grpc-tiny", new CallBounds("grpc-tiny", 1, 1, 4, 16, 0, 0, 0, 0, 0),
            "ci-grpc", new CallBounds("ci-grpc", 1, 2, 4, 16, 5_000_000_000L, 1, 1, 0, 1),
            "ci-grpc-goaway", new CallBounds("ci-grpc-goaway", 1, 1, 4, 16, 5_000_000_000L, 0, 0, 1, 1),
            "grpc-both", new CallBounds("grpc-both", 2, 2, 4, 16, 5_000_000_000L, 1, 1, 0, 1),
            "grpc-large", new CallBounds("grpc-large", 2, 2, 4, 16, 5_000_000_000L, 1, 1, 1, 1));

    /** The call bounds the default build explores. */
    public static final List<String> CI = List.of("ci-grpc", "ci-grpc-goaway");

    public static CallBounds named(String name) {
        CallBounds b = NAMED.get(name);
        if (b == null) throw new IllegalArgumentException("unknown call bound '" + name + "'; known: " + NAMED.keySet());
        return b;
    }

    public CallBounds withName(String n) {
        return new CallBounds(n, clientMessages, serverMessages, messageBytes, streamWindow, deadlineNanos, cancels, errors, shutdowns, fires);
    }
}
