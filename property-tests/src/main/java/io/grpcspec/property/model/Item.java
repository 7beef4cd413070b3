package io.grpcspec.property.model;

import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;

/** What travels in one direction of the modelled connection: the client preface, a frame, or the end of the byte stream. */
public sealed interface Item {

    /** The 24-octet client connection preface. */
    record Preface() implements Item {
        @Override
        public String toString() {
            return "PREFACE";
        }
    }

    /** One frame. */
    record FrameItem(Frame frame) implements Item {
        @Override
        public String toString() {
            return describe(frame);
        }
    }

    /** The writer closed the connection: the reader sees end of stream after the items before it. */
    record End() implements Item {
        @Override
        public String toString() {
            return "EOF";
        }
    }

    Preface PREFACE = new Preface();
    End END = new End();

    /** A frame for traces: DATA shows its length in window units instead of 13107 zero bytes. */
    static String describe(Frame f) {
        if (f instanceof DataFrame d) {
            int len = d.flowControlledLength();
            String units = len % Bounds.UNIT == 0 ? (len / Bounds.UNIT) + "u" : len + "B";
            return "DATA[stream=" + d.streamId() + ", " + units + (d.endStream() ? ", END_STREAM" : "") + "]";
        }
        if (f instanceof HeadersFrame h) {
            return "HEADERS[stream=" + h.streamId() + (h.endStream() ? ", END_STREAM" : "") + (h.endHeaders() ? ", END_HEADERS" : "") + "]";
        }
        if (f instanceof SettingsFrame s) {
            if (s.ack()) return "SETTINGS[ACK]";
            StringBuilder sb = new StringBuilder("SETTINGS[");
            for (int i = 0; i < s.settings().size(); i++) {
                var st = s.settings().get(i);
                if (i > 0) sb.append(", ");
                if (st.id() == io.grpcspec.wire.SettingId.INITIAL_WINDOW_SIZE && st.value() % Bounds.UNIT == 0) {
                    sb.append("INITIAL_WINDOW_SIZE=").append(st.value() / Bounds.UNIT).append('u');
                } else {
                    sb.append(st);
                }
            }
            return sb.append(']').toString();
        }
        if (f instanceof WindowUpdateFrame w) {
            int inc = w.increment();
            return "WINDOW_UPDATE[stream=" + w.streamId() + ", +" + (inc % Bounds.UNIT == 0 ? (inc / Bounds.UNIT) + "u" : inc + "B") + "]";
        }
        return f.toString();
    }
}
