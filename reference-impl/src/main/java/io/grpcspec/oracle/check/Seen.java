package io.grpcspec.oracle.check;

import io.grpcspec.spec.Violation;
import io.grpcspec.wire.FrameError;
import io.grpcspec.wire.FrameFormat;
import io.grpcspec.wire.HeaderField;
import java.util.List;

/** One thing a conversation observed from the server, in the order it happened. */
public sealed interface Seen {

    /** A frame, other than the HEADERS/CONTINUATION frames of a header block. */
    record Frame(io.grpcspec.wire.Frame frame) implements Seen {
        @Override
        public String describe() {
            return FrameFormat.describe(frame);
        }
    }

    /**
     * A complete header block (a HEADERS frame and its CONTINUATIONs): the stream, whether the
     * HEADERS frame carried END_STREAM, and the decoded list (null when it did not decode:
     * {@code undecodable} says why).
     */
    record Block(int streamId, boolean endStream, List<HeaderField> fields, String undecodable) implements Seen {
        @Override
        public String describe() {
            StringBuilder b = new StringBuilder("HEADERS stream=").append(streamId).append(endStream ? " END_STREAM" : "");
            if (fields == null) return b.append(" (undecodable: ").append(undecodable).append(')').toString();
            b.append(" {");
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) b.append(", ");
                HeaderField f = fields.get(i);
                String v = f.value().length() > 60 ? f.value().substring(0, 60) + "..." : f.value();
                b.append(f.name()).append(": ").append(v);
            }
            return b.append('}').toString();
        }

        /** The last value of {@code name}, or null. */
        public String get(String name) {
            String v = null;
            if (fields != null) for (HeaderField f : fields) if (f.name().equals(name)) v = f.value();
            return v;
        }
    }

    /** The server sent bytes our frame codec rejects. */
    record Malformed(FrameError error) implements Seen {
        @Override
        public String describe() {
            return "a malformed frame: " + error.detail();
        }
    }

    /** Our client machine, driving the conversation, found the server breaking a rule. */
    record Broke(Violation violation) implements Seen {
        @Override
        public String describe() {
            return "the server broke " + violation.rule().id() + ": " + violation.detail();
        }
    }

    /** The connection ended: EOF, or a reset. */
    record Closed(String how) implements Seen {
        @Override
        public String describe() {
            return "connection closed (" + how + ")";
        }
    }

    /** One line for reports. */
    String describe();
}
