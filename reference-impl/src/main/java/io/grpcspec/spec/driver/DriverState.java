package io.grpcspec.spec.driver;

import io.grpcspec.hpack.DecoderState;
import io.grpcspec.hpack.EncoderState;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.endpoint.Endpoint;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the driver remembers about one connection's protocol: the composed machine, the
 * HPACK encoder (what we send) and decoder (what the peer sends), and the armed timers with the
 * time each is due. Immutable, with value equality: the model checker stores it.
 *
 * @param timers armed timers and their due times ({@code Long.MAX_VALUE}: armed but never due)
 */
public record DriverState(Endpoint endpoint, EncoderState encoder, DecoderState decoder, Map<TimerKey, Long> timers) {

    /** One armed timer: which, and the instance ({@code key}: a stream ID for per-stream timers, else 0). */
    public record TimerKey(Timer timer, int key) implements Comparable<TimerKey> {
        @Override
        public int compareTo(TimerKey o) {
            int c = timer.compareTo(o.timer);
            return c != 0 ? c : Integer.compare(key, o.key);
        }
    }

    public DriverState {
        // Sorted, so iterating the timers (a harness firing those due) is the same in every run.
        timers = Collections.unmodifiableSortedMap(new TreeMap<>(timers));
    }

    /** The time {@code timer} is due, or null when it is not armed. */
    public Long due(Timer timer, int key) {
        return timers.get(new TimerKey(timer, key));
    }
}
