package io.grpcspec.property.model.channel;

import java.util.List;
import java.util.Map;

/**
 * The limits that make the {@link ChannelModel} finite.
 *
 * @param name      printed in the {@code model-check:} line
 * @param policy    pick_first or round_robin
 * @param addresses addresses the first resolution yields (an update switches between 1 and 2)
 * @param failures  transport failures (close or GOAWAY, before or after READY) per path
 * @param exitIdles requests to leave IDLE per path
 * @param updates   resolver updates (a new address list) per path
 * @param fires     timer fires (connect timeout, reconnect backoff) per path
 */
public record ChannelBounds(String name, ChannelModel.Policy policy, int addresses, int failures, int exitIdles, int updates,
                            int fires) {

    public static final Map<String, ChannelBounds> NAMED = Map.of(
            "ci-pick-first", new ChannelBounds("ci-pick-first", ChannelModel.Policy.PICK_FIRST, 2, 3, 2, 1, 4),
            "ci-round-robin", new ChannelBounds("ci-round-robin", ChannelModel.Policy.ROUND_ROBIN, 2, 3, 1, 1, 4),
            "pick-first-large", new ChannelBounds("pick-first-large", ChannelModel.Policy.PICK_FIRST, 2, 5, 3, 2, 8),
            "round-robin-large", new ChannelBounds("round-robin-large", ChannelModel.Policy.ROUND_ROBIN, 2, 5, 2, 2, 8));

    /** The channel bounds the default build explores. */
    public static final List<String> CI = List.of("ci-pick-first", "ci-round-robin");

    public static ChannelBounds named(String name) {
        ChannelBounds b = NAMED.get(name);
        if (b == null) throw new IllegalArgumentException("unknown channel bound '" + name + "'; known: " + NAMED.keySet());
        return b;
    }
}
