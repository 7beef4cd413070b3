package io.grpcspec.spec.stream;

import io.grpcspec.spec.Rule;

/** Rules of area STR. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class StreamRules {
    private StreamRules() {}

    public static final Rule STR_1 = Rule.must("STR-1", "RFC 9113 §5.1",
            "On an idle stream only HEADERS and PRIORITY may arrive; any other frame is a connection PROTOCOL_ERROR.");

    public static final Rule STR_2 = Rule.must("STR-2", "RFC 9113 §5.1",
            "After the peer's END_STREAM (half-closed remote) only WINDOW_UPDATE, PRIORITY and RST_STREAM may arrive; anything else is a stream STREAM_CLOSED.");

    public static final Rule STR_3 = Rule.must("STR-3", "RFC 9113 §5.1 (closed)",
            "No HEADERS or DATA may arrive on a stream the peer itself closed (its END_STREAM both ways, or its RST_STREAM);"
                    + " the receiver MAY end the connection with STREAM_CLOSED: ours drops the frame and reports it, strict answers end the connection.");

    public static final Rule STR_4 = Rule.must("STR-4", "RFC 9113 §5.1",
            "After we sent RST_STREAM, frames the peer sent before seeing it are processed minimally and discarded, not treated as errors.");

    public static final Rule STR_5 = Rule.must("STR-5", "RFC 9113 §5.1",
            "WINDOW_UPDATE, RST_STREAM and PRIORITY arriving on a recently closed stream are tolerated and ignored.");

    public static final Rule STR_6 = Rule.must("STR-6", "RFC 9113 §5.1",
            "On a stream we reserved (reserved local) only RST_STREAM, PRIORITY and WINDOW_UPDATE may arrive; anything else is a connection PROTOCOL_ERROR.");

    public static final Rule STR_7 = Rule.must("STR-7", "RFC 9113 §5.1",
            "On a stream the peer reserved (reserved remote) only HEADERS, RST_STREAM and PRIORITY may arrive; anything else is a connection PROTOCOL_ERROR.");

    public static final Rule STR_8 = Rule.must("STR-8", "RFC 9113 §5.1, §6.4",
            "An endpoint sends only the frames a stream's state allows (e.g. nothing but WINDOW_UPDATE, PRIORITY, RST_STREAM after its END_STREAM; no RST_STREAM on an idle stream).");

    public static final Rule STR_9 = Rule.must("STR-9", "RFC 9113 §5.1.1",
            "Clients open odd-numbered streams and servers even-numbered ones; a stream opened with the wrong parity is a connection PROTOCOL_ERROR.");

    public static final Rule STR_10 = Rule.must("STR-10", "RFC 9113 §5.1.1",
            "A new stream's identifier must exceed every stream its initiator opened or reserved before; a lower or reused one is a connection PROTOCOL_ERROR.");

    public static final Rule STR_11 = Rule.must("STR-11", "RFC 9113 §5.1.1",
            "Opening a stream implicitly closes the initiator's idle streams with lower identifiers.");

    public static final Rule STR_12 = Rule.must("STR-12", "RFC 9113 §5.1.1",
            "No stream identifier exceeds 2^31-1: an endpoint that has used them up opens no more streams and needs a new connection.");

    public static final Rule STR_13 = Rule.must("STR-13", "RFC 9113 §5.1.2",
            "A peer stream beyond our advertised MAX_CONCURRENT_STREAMS (counting open and half-closed peer streams) is refused with a stream REFUSED_STREAM.");

    public static final Rule STR_14 = Rule.must("STR-14", "RFC 9113 §5.1.2",
            "An endpoint does not open more concurrent streams than the peer's MAX_CONCURRENT_STREAMS allows.");

    public static final Rule STR_15 = Rule.must("STR-15", "RFC 9113 §8.4",
            "A server never receives PUSH_PROMISE: one arriving at a server is a connection PROTOCOL_ERROR.");

    public static final Rule STR_16 = Rule.must("STR-16", "RFC 9113 §6.5.2, §6.6",
            "A client that announced SETTINGS_ENABLE_PUSH=0 treats a PUSH_PROMISE as a connection PROTOCOL_ERROR.");

    public static final Rule STR_17 = Rule.must("STR-17", "RFC 9113 §6.6",
            "A PUSH_PROMISE must ride on a stream we opened that is open or half-closed (local) and promise a new server stream; otherwise connection PROTOCOL_ERROR.");
}
