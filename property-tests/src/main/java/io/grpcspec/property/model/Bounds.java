package io.grpcspec.property.model;

import java.util.List;
import java.util.Map;

/**
 * The explicit limits that make the composed system finite. Data is counted in window units of
 * {@link #unit} bytes: RFC 9113 fixes the connection window at 65535 to start with and
 * MAX_FRAME_SIZE at 16384 at least, so the unit is chosen to divide 65535 (13107 = 65535 / 5) and
 * to fit one frame; the connection window is then exactly 5 units and every DATA frame, window
 * and WINDOW_UPDATE stays a whole number of units. Stream windows are set in units through
 * SETTINGS_INITIAL_WINDOW_SIZE, which RFC 9113 lets be any value 0..2^31-1.
 *
 * @param name              the name printed in the summary line and accepted by {@code -Dgrpcspec.modelcheck.bound}
 * @param streams           streams the client application may open
 * @param messages          messages each side sends per stream (the client's last one carries END_STREAM;
 *                          the server follows its messages with trailers)
 * @param maxMessageUnits   a message is 1..this many units
 * @param initialWindowUnits both sides' SETTINGS_INITIAL_WINDOW_SIZE at the start, in units
 * @param windowChoices     values (units) a SETTINGS change may set INITIAL_WINDOW_SIZE to
 * @param settingsChanges   SETTINGS changes, both sides together
 * @param pings             application PINGs, both sides together
 * @param resets            RST_STREAMs the applications may send, both sides together
 * @param shutdowns         graceful shutdowns, both sides together
 * @param inFlight          an application action is enabled only while its side's outbound pipe holds
 *                          fewer frames than this (frames produced by answering the peer are never held back)
 * @param serverMaxStreams  the server's SETTINGS_MAX_CONCURRENT_STREAMS (0: unlimited)
 * @param strictPings       without timers: the server polices PINGs with gRPC's default policy (5 minutes; time
 *                          is frozen, so every PING after the first counts as early); otherwise PINGs are permitted.
 *                          With timers the server always polices with {@link Timing#permitTime}
 * @param headerTableChoices values a SETTINGS change may set SETTINGS_HEADER_TABLE_SIZE to (besides the window choices)
 * @param timerFires        timer firings per path (0: time is frozen at 0 and timers never fire)
 * @param timing            both endpoints' timers when {@code timerFires > 0} (ignored otherwise)
 */
public record Bounds(String name, int streams, int messages, int maxMessageUnits, int initialWindowUnits,
                     List<Integer> windowChoices, int settingsChanges, int pings, int resets, int shutdowns,
                     int inFlight, int serverMaxStreams, boolean strictPings, List<Long> headerTableChoices,
                     int timerFires, Timing timing) {

    /** Bytes per window unit: 65535 / 5, so the connection window is 5 units and one unit fits a 16384-byte frame. */
    public static final int UNIT = 13_107;

    public Bounds {
        windowChoices = List.copyOf(windowChoices);
        headerTableChoices = List.copyOf(headerTableChoices);
        if (timerFires > 0 && timing == null) throw new IllegalArgumentException("timer fires without a timing");
    }

    /** A bound with time frozen and only INITIAL_WINDOW_SIZE changes. */
    public Bounds(String name, int streams, int messages, int maxMessageUnits, int initialWindowUnits,
                  List<Integer> windowChoices, int settingsChanges, int pings, int resets, int shutdowns,
                  int inFlight, int serverMaxStreams, boolean strictPings) {
        this(name, streams, messages, maxMessageUnits, initialWindowUnits, windowChoices, settingsChanges, pings,
                resets, shutdowns, inFlight, serverMaxStreams, strictPings, List.of(), 0, null);
    }

    /** True when time passes in this bound (timers fire). */
    public boolean timed() {
        return timerFires > 0;
    }

    /** The named bounds; {@link #CI} run in the default build. */
    public static final Map<String, Bounds> NAMED = Map.of(
            "tiny", new Bounds("tiny", 1, 1, 1, 1, List.of(0, 2), 1, 0, 0, 0, 2, 0, false),
            "ci-flow", new Bounds("ci-flow", 2, 1, 1, 1, List.of(0, 2), 1, 0, 0, 0, 2, 0, false),
            "ci-control", new Bounds("ci-control", 1, 1, 1, 1, List.of(0, 2), 1, 1, 1, 1, 2, 0, false),
            "ci-timers", new Bounds("ci-timers", 1, 1, 1, 1, List.of(0), 0, 0, 0, 0, 2, 0, true, List.of(), 6, Timing.ALL),
            "small", new Bounds("small", 2, 1, 1, 1, List.of(0, 2), 1, 0, 1, 0, 2, 0, false),
            "timers", new Bounds("timers", 1, 1, 1, 1, List.of(0), 0, 0, 1, 1, 2, 0, true, List.of(), 5, Timing.ALL),
            "large", new Bounds("large", 2, 1, 2, 1, List.of(0, 2), 1, 1, 1, 1, 3, 0, false),
            "huge", new Bounds("huge", 3, 1, 2, 1, List.of(0, 2), 2, 1, 1, 1, 4, 0, false));

    /** The bounds the default build explores. */
    public static final List<String> CI = List.of("ci-flow", "ci-control", "ci-timers");

    public static Bounds named(String name) {
        Bounds b = NAMED.get(name);
        if (b == null) throw new IllegalArgumentException("unknown bound '" + name + "'; known: " + NAMED.keySet());
        return b;
    }

    /** Same bounds under another name (for bug-zoo runs that change one limit). */
    public Bounds withName(String n) {
        return new Bounds(n, streams, messages, maxMessageUnits, initialWindowUnits, windowChoices, settingsChanges,
                pings, resets, shutdowns, inFlight, serverMaxStreams, strictPings, headerTableChoices, timerFires, timing);
    }

    public Bounds withServerMaxStreams(int max) {
        return new Bounds(name, streams, messages, maxMessageUnits, initialWindowUnits, windowChoices, settingsChanges,
                pings, resets, shutdowns, inFlight, max, strictPings, headerTableChoices, timerFires, timing);
    }

    public Bounds withPings(int n) {
        return new Bounds(name, streams, messages, maxMessageUnits, initialWindowUnits, windowChoices, settingsChanges,
                n, resets, shutdowns, inFlight, serverMaxStreams, strictPings, headerTableChoices, timerFires, timing);
    }

    public Bounds withResets(int n) {
        return new Bounds(name, streams, messages, maxMessageUnits, initialWindowUnits, windowChoices, settingsChanges,
                pings, n, shutdowns, inFlight, serverMaxStreams, strictPings, headerTableChoices, timerFires, timing);
    }

    public Bounds withShutdowns(int n) {
        return new Bounds(name, streams, messages, maxMessageUnits, initialWindowUnits, windowChoices, settingsChanges,
                pings, resets, n, inFlight, serverMaxStreams, strictPings, headerTableChoices, timerFires, timing);
    }

    public Bounds withSettingsChanges(int n) {
        return new Bounds(name, streams, messages, maxMessageUnits, initialWindowUnits, windowChoices, n,
                pings, resets, shutdowns, inFlight, serverMaxStreams, strictPings, headerTableChoices, timerFires, timing);
    }

    public Bounds withStrictPings(boolean strict) {
        return new Bounds(name, streams, messages, maxMessageUnits, initialWindowUnits, windowChoices, settingsChanges,
                pings, resets, shutdowns, inFlight, serverMaxStreams, strict, headerTableChoices, timerFires, timing);
    }

    /** SETTINGS changes may also set HEADER_TABLE_SIZE to one of {@code sizes}. */
    public Bounds withHeaderTableChoices(List<Long> sizes) {
        return new Bounds(name, streams, messages, maxMessageUnits, initialWindowUnits, windowChoices, settingsChanges,
                pings, resets, shutdowns, inFlight, serverMaxStreams, strictPings, sizes, timerFires, timing);
    }

    /** Time passes: up to {@code fires} timer firings per path, with {@code t}. */
    public Bounds withTimers(int fires, Timing t) {
        return new Bounds(name, streams, messages, maxMessageUnits, initialWindowUnits, windowChoices, settingsChanges,
                pings, resets, shutdowns, inFlight, serverMaxStreams, strictPings, headerTableChoices, fires, t);
    }

    @Override
    public String toString() {
        return name + "{streams=" + streams + ", messages=" + messages + ", maxMessageUnits=" + maxMessageUnits
                + ", initialWindowUnits=" + initialWindowUnits + ", windowChoices=" + windowChoices
                + ", settingsChanges=" + settingsChanges + ", pings=" + pings + ", resets=" + resets
                + ", shutdowns=" + shutdowns + ", inFlight=" + inFlight + ", serverMaxStreams=" + serverMaxStreams
                + (strictPings ? ", strictPings" : "")
                + (headerTableChoices.isEmpty() ? "" : ", headerTableChoices=" + headerTableChoices)
                + (timed() ? ", timerFires=" + timerFires + ", timing=" + timing : "") + ", unit=" + UNIT + "B}";
    }
}
