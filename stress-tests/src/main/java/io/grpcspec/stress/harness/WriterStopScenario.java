package io.grpcspec.stress.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * A put racing the writer's stop, on any queue that starts its writer on demand (the real
 * {@link io.grpcspec.transport.ControlBuffer} in {@code WriterStopVsPutStress}, an unsafe copy in
 * the teeth). Set-up puts an earlier item, which starts the first writer; the producer puts "x";
 * the writer takes until the queue says stop; the arbiter plays any writer started meanwhile and
 * names what happened to "x".
 */
public final class WriterStopScenario {

    /** The queue under test, as its writer and producers see it. */
    public interface Queue {
        void put(String item);

        /** Everything queued, or an empty list that marks the writer stopped. */
        List<String> drainOrStop();

        int size();

        /** How many writers the queue has started. */
        int starts();
    }

    private final Queue queue;
    /** What the first writer took (only its actor touches this until the arbiter). */
    private final List<String> first = new ArrayList<>();

    public WriterStopScenario(Queue queue) {
        this.queue = queue;
        queue.put("earlier");
    }

    public void producer() {
        queue.put("x");
    }

    public void writer() {
        for (List<String> items; !(items = queue.drainOrStop()).isEmpty(); ) first.addAll(items);
    }

    /**
     * "taken by the running writer", "taken by the writer it started", "stranded" (no writer took
     * it and none is coming: a lost wake-up), or "bad: …" (taken twice, or by the first writer
     * although a second one was started: two writers at once).
     */
    public String verdict() {
        int started = queue.starts();
        List<String> second = new ArrayList<>();
        if (started == 2) {
            for (List<String> items; !(items = queue.drainOrStop()).isEmpty(); ) second.addAll(items);
        }
        if (started == 1 && first.equals(List.of("earlier")) && queue.size() == 1) return "stranded";
        if (started == 1 && first.size() == 2 && first.containsAll(List.of("earlier", "x")) && queue.size() == 0) {
            return "taken by the running writer";
        }
        if (started == 2 && first.equals(List.of("earlier")) && second.equals(List.of("x"))) return "taken by the writer it started";
        return "bad: starts=" + started + " first=" + first + " second=" + second + " left=" + queue.size();
    }
}
