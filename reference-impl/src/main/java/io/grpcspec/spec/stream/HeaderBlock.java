package io.grpcspec.spec.stream;

import io.grpcspec.wire.Bytes;

/**
 * A complete header block (RFC 9113 §4.3): the HPACK fragments of a HEADERS or PUSH_PROMISE frame
 * and its CONTINUATIONs, concatenated. {@code endStream} is the HEADERS frame's END_STREAM flag
 * (CONTINUATION has none); {@code promisedStreamId} is 0 unless {@code pushPromise}.
 */
public record HeaderBlock(int streamId, Bytes fragment, boolean endStream, boolean pushPromise, int promisedStreamId) {

    public static HeaderBlock headers(int streamId, Bytes fragment, boolean endStream) {
        return new HeaderBlock(streamId, fragment, endStream, false, 0);
    }

    public static HeaderBlock pushPromise(int streamId, int promisedStreamId, Bytes fragment) {
        return new HeaderBlock(streamId, fragment, false, true, promisedStreamId);
    }
}
