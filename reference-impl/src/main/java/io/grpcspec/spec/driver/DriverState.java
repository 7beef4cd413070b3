package io.grpcspec.spec.driver;

import io.grpcspec.hpack.DecoderState;
import io.grpcspec.hpack.EncoderState;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.endpoint.Endpoint;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
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
        // Sorted, so iterating the timers (a harness firing those due) is the same in every run;
        // a map this constructor froze before (a step that armed nothing) is taken as it is.
        if (!(timers instanceof Frozen)) timers = new Frozen(timers);
    }

    /**
     * The timers as a constructor froze them: a sorted copy nobody else holds, read-only (the
     * mutators of {@link AbstractMap} and of the entry set's view throw), so it can be shared by
     * every state that has the same timers.
     */
    private static final class Frozen extends AbstractMap<TimerKey, Long> {
        private final SortedMap<TimerKey, Long> sorted;

        Frozen(Map<TimerKey, Long> timers) {
            this.sorted = Collections.unmodifiableSortedMap(new TreeMap<>(timers));
        }

        @Override
        public Set<Map.Entry<TimerKey, Long>> entrySet() {
            return sorted.entrySet();
        }

        @Override
        public Long get(Object key) {
            return sorted.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return sorted.containsKey(key);
        }

        @Override
        public int size() {
            return sorted.size();
        }
    }

    /** The time {@code timer} is due, or null when it is not armed. */
    public Long due(Timer timer, int key) {
        return timers.get(new TimerKey(timer, key));
    }
}
