package io.grpcspec.property.model;

import io.grpcspec.spec.Timer;

/**
 * One transition of the model, as a trace line: which side did what. Built for every
 * transition, rendered only when a counterexample or a graph is printed.
 *
 * @param stream the stream (or the timer's key for {@link Kind#FIRE})
 * @param value  units, bytes, a setting's value, a PING payload or the due time, by kind
 * @param last   the message carries END_STREAM
 * @param item   what was delivered ({@link Kind#DELIVER})
 * @param timer  what fired ({@link Kind#FIRE})
 */
record Move(Side side, Kind kind, int stream, long value, boolean last, Item item, Timer timer) {

    enum Kind { DELIVER, OPEN, SEND, HEADERS, TRAILERS, CONSUME, AWAIT, RESET, WINDOW_SETTING, TABLE_SETTING, PING, SHUTDOWN, FIRE }

    static Move of(Side side, Kind kind, int stream, long value) {
        return new Move(side, kind, stream, value, false, null, null);
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case DELIVER -> "<- " + item;
            case OPEN -> "open stream";
            case SEND -> "send " + value + "u on stream " + stream + (last ? " + END_STREAM" : "");
            case HEADERS -> "response headers on stream " + stream;
            case TRAILERS -> "trailers on stream " + stream;
            case CONSUME -> "consume " + ConnectionModel.units((int) value) + " on stream " + stream;
            case AWAIT -> "await a message of " + ConnectionModel.units((int) value) + " on stream " + stream;
            case RESET -> "reset stream " + stream;
            case WINDOW_SETTING -> "SETTINGS INITIAL_WINDOW_SIZE=" + value + "u";
            case TABLE_SETTING -> "SETTINGS HEADER_TABLE_SIZE=" + value;
            case PING -> "PING " + value;
            case SHUTDOWN -> "graceful shutdown";
            case FIRE -> "at " + Timing.format(value) + " timer " + timer + (stream != 0 ? "[" + stream + "]" : "") + " fires";
        };
        return side.letter() + ": " + what;
    }
}
