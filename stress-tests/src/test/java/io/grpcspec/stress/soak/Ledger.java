package io.grpcspec.stress.soak;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the soak's clients saw, call by call: how many calls and messages, and every way a call
 * went wrong — a status that was not the one the call deserved, a response message missing,
 * doubled or out of place. Thread-safe; the first problems are kept word for word.
 */
final class Ledger {
    private static final int KEPT = 20;

    final AtomicLong calls = new AtomicLong();
    final AtomicLong messages = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final AtomicLong duplicated = new AtomicLong();
    final AtomicLong wrongStatus = new AtomicLong();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicLong problemCount = new AtomicLong();

    void call() {
        calls.incrementAndGet();
    }

    void messages(long n) {
        messages.addAndGet(n);
    }

    void wrongStatus(String who, String what) {
        wrongStatus.incrementAndGet();
        problem(who + ": " + what);
    }

    /**
     * Compares the response sizes a call got with the ones it asked for. A call that ended OK
     * must have all of them, in order; one that ended early (cancelled, deadline) a prefix.
     */
    void responses(String who, List<Integer> expected, List<Integer> got, boolean complete) {
        int common = 0;
        while (common < Math.min(expected.size(), got.size()) && expected.get(common).equals(got.get(common))) common++;
        if (got.size() > expected.size()) {
            duplicated.addAndGet(got.size() - expected.size());
            problem(who + ": " + got.size() + " responses for " + expected.size() + " asked: " + got);
        } else if (common < got.size()) {
            duplicated.addAndGet(got.size() - common);
            problem(who + ": responses out of place: asked " + expected + ", got " + got);
        } else if (complete && got.size() < expected.size()) {
            lost.addAndGet(expected.size() - got.size());
            problem(who + ": " + got.size() + " responses for " + expected.size() + " asked");
        }
    }

    /** Request bytes the server reports it received, against those sent (client streaming). */
    void received(String who, long sent, long serverSaw) {
        if (serverSaw < sent) {
            lost.incrementAndGet();
            problem(who + ": the server saw " + serverSaw + " of " + sent + " request octets");
        } else if (serverSaw > sent) {
            duplicated.incrementAndGet();
            problem(who + ": the server saw " + serverSaw + " request octets, " + sent + " sent");
        }
    }

    private void problem(String text) {
        if (problemCount.incrementAndGet() <= KEPT) problems.add(text);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }
}
