package io.grpcspec.spec.channel;

import java.util.List;
import java.util.Objects;

/**
 * The state of the pick_first balancer over an ordered address list.
 *
 * @param subchannels per address, the last state its subchannel reported; SHUTDOWN means there
 *                    is no subchannel (never created, or shut down by pick_first)
 * @param failedInPass per address, whether it has failed during the current first pass
 * @param firstPass   whether pick_first is in a pass over the addresses (before sticky TF)
 * @param cursor      the address the pass is trying (size() when the pass has tried them all)
 * @param selected    the READY subchannel in use, or -1
 * @param reported    the connectivity state last published
 * @param picker      the picker last published
 */
public record PickFirstState(List<ConnectivityState> subchannels, List<Boolean> failedInPass, boolean firstPass,
                             int cursor, int selected, ConnectivityState reported, Picker picker) {

    public PickFirstState {
        subchannels = List.copyOf(subchannels);
        failedInPass = List.copyOf(failedInPass);
        Objects.requireNonNull(reported);
        Objects.requireNonNull(picker);
        if (failedInPass.size() != subchannels.size()) throw new IllegalArgumentException("list sizes differ");
    }

    public int addresses() {
        return subchannels.size();
    }
}
