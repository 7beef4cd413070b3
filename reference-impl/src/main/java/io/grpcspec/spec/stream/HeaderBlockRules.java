package io.grpcspec.spec.stream;

import io.grpcspec.spec.Rule;

/** Rules of area HB. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class HeaderBlockRules {
    private HeaderBlockRules() {}

    public static final Rule HB_1 = Rule.must("HB-1", "RFC 9113 §4.3, §6.2",
            "Between a HEADERS or PUSH_PROMISE without END_HEADERS and the end of its block, only CONTINUATION frames may appear; any other frame is a connection PROTOCOL_ERROR.");

    public static final Rule HB_2 = Rule.must("HB-2", "RFC 9113 §6.10",
            "A CONTINUATION must be on the stream of the header block it continues; another stream is a connection PROTOCOL_ERROR.");

    public static final Rule HB_3 = Rule.must("HB-3", "RFC 9113 §6.10",
            "A CONTINUATION with no unfinished header block before it is a connection PROTOCOL_ERROR.");

    public static final Rule HB_4 = Rule.should("HB-4", "RFC 9113 §10.5, §10.5.1",
            "A header block is bounded in encoded bytes and in frames (CONTINUATION flood defence); beyond the bound the connection ends with ENHANCE_YOUR_CALM.");

    public static final Rule HB_5 = Rule.must("HB-5", "RFC 9113 §8.1",
            "A second header block on a stream (trailers) must carry END_STREAM; without it the stream is malformed: stream PROTOCOL_ERROR.");

    public static final Rule HB_6 = Rule.must("HB-6", "RFC 9113 §4.3",
            "A header block is one unit: it is delivered only at END_HEADERS, as the concatenated fragments with the END_STREAM flag of its HEADERS frame.");
}
