package io.grpcspec.oracle.check;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.List;

/**
 * What the server sent on one stream, collected until the stream ended for us: the header blocks
 * in order, the DATA, and how it ended.
 *
 * @param blocks    the header blocks received on the stream, in order
 * @param data      the DATA payloads, concatenated
 * @param dataSizes the payload size of each DATA frame
 * @param ended     the server's END_STREAM arrived (on a HEADERS or a DATA frame)
 * @param reset     the RST_STREAM error code, or -1 when none came
 * @param other     how collection stopped otherwise (a GOAWAY, the connection closing), or null
 */
public record Response(List<Seen.Block> blocks, Bytes data, List<Integer> dataSizes, boolean ended, long reset, String other) {

    public Response {
        blocks = List.copyOf(blocks);
        dataSizes = List.copyOf(dataSizes);
    }

    /** The first header block (response headers, or a trailers-only response), or null. */
    public Seen.Block headers() {
        return blocks.isEmpty() ? null : blocks.get(0);
    }

    /** The block that ended the stream (trailers, or the trailers-only response), or null. */
    public Seen.Block trailers() {
        if (blocks.isEmpty()) return null;
        Seen.Block last = blocks.get(blocks.size() - 1);
        return last.endStream() ? last : null;
    }

    /** One HEADERS frame with END_STREAM and nothing else: a trailers-only response. */
    public boolean trailersOnly() {
        return blocks.size() == 1 && blocks.get(0).endStream() && data.isEmpty();
    }

    /** {@code :status} of the first block, or null. */
    public String status() {
        return headers() == null ? null : headers().get(":status");
    }

    /** {@code grpc-status} from the block that ended the stream, or null. */
    public String grpcStatus() {
        return trailers() == null ? null : trailers().get("grpc-status");
    }

    /** {@code grpc-message} as sent (percent-encoded), or null. */
    public String grpcMessage() {
        return trailers() == null ? null : trailers().get("grpc-message");
    }

    /** One line for a report. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (Seen.Block blk : blocks) {
            if (b.length() > 0) b.append(", ");
            b.append(blk.describe());
        }
        if (!dataSizes.isEmpty()) b.append(b.length() > 0 ? ", " : "").append("DATA ").append(data.length()).append(" bytes in ")
                .append(dataSizes.size()).append(dataSizes.size() == 1 ? " frame" : " frames");
        if (reset >= 0) b.append(b.length() > 0 ? ", " : "").append("RST_STREAM ").append(ErrorCode.describe(reset));
        if (other != null) b.append(b.length() > 0 ? ", then " : "").append(other);
        return b.length() == 0 ? "nothing on the stream" : b.toString();
    }

    /** The value of {@code name} in {@code fields}, or null. */
    static String get(List<HeaderField> fields, String name) {
        String v = null;
        for (HeaderField f : fields) if (f.name().equals(name)) v = f.value();
        return v;
    }
}
