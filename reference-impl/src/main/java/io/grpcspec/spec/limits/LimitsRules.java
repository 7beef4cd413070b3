package io.grpcspec.spec.limits;

import io.grpcspec.spec.Rule;

/**
 * Rules of area LIM: the resource budgets that keep one hostile peer from costing the server
 * unbounded memory, threads or CPU. They are policies, not RFC requirements (RFC 9113 §10.5 only
 * says an endpoint may limit what a peer costs it), so each cites the CVE it answers and the
 * implementations whose numbers we follow; spec/limits.md says why each default is what it is.
 * Constant names are the IDs with '-' as '_'.
 */
public final class LimitsRules {
    private LimitsRules() {}

    public static final Rule LIM_1 = Rule.should("LIM-1", "RFC 9113 §10.5; CVE-2023-44487 (Rapid Reset); Netty and grpc-java maxRstFramesPerWindow",
            "A server accepts at most a budget of RST_STREAM frames from the peer per time window (default 200 per 30 s); the next one ends the connection with GOAWAY ENHANCE_YOUR_CALM.");

    public static final Rule LIM_2 = Rule.should("LIM-2", "RFC 9113 §10.5; CVE-2025-8671 (MadeYouReset), CVE-2019-9514; grpc-java 1.75 counts sent resets",
            "A server sends at most a budget of RST_STREAM frames on the peer's streams per time window, whatever provoked them (default 200 per 30 s); needing one more ends the connection with GOAWAY ENHANCE_YOUR_CALM.");

    public static final Rule LIM_3 = Rule.should("LIM-3", "RFC 9113 §10.5; CVE-2019-9518, CVE-2019-9513; Netty and nghttp2 empty-frame limits",
            "At most a bound of consecutive frames that carry no progress (DATA without payload or END_STREAM, empty CONTINUATION without END_HEADERS, PRIORITY, unknown types) is accepted (default 100); one more ends the connection with GOAWAY ENHANCE_YOUR_CALM.");

    public static final Rule LIM_4 = Rule.should("LIM-4", "RFC 9113 §3.4, §10.5; slowloris",
            "A server closes, without GOAWAY, a connection whose client preface and first SETTINGS did not arrive within the preface deadline (default 10 s), separately from the handshake deadline that also covers TLS.");

    public static final Rule LIM_5 = Rule.should("LIM-5", "RFC 9113 §10.5; grpc-go server handler quota (1.58.3, Rapid Reset)",
            "While more calls than a bound (default 100) are in progress on a connection, each counted from its first HEADERS until the application finished it, even past a reset, the server reads nothing more from that connection.");

    public static final Rule LIM_6 = Rule.should("LIM-6", "RFC 9113 §10.5; slowloris",
            "A server keeps at most a bound of connections in their handshake (TLS, preface, first SETTINGS; default 256); accepting one more first closes the one that has waited longest.");

    public static final Rule LIM_7 = Rule.should("LIM-7", "RFC 9113 §5.1 (closed streams may be forgotten)",
            "An endpoint remembers how at most a bound of recently closed streams ended (default 128); a frame on an older one gets the answer for a stream closed by an unknown cause.");

    public static final Rule LIM_8 = Rule.should("LIM-8", "RFC 9113 §10.5; CVE-2019-9512, CVE-2019-9515; grpc-go controlbuf",
            "While more than a bound of answers (SETTINGS ACK, PING ACK, RST_STREAM) wait to be written (default 50), the endpoint reads nothing more from the peer.");

    public static final Rule LIM_9 = Rule.should("LIM-9", "RFC 9113 §10.5; CVE-2019-9511, CVE-2019-9517; grpc-go write quota",
            "While more than a bound of a stream's DATA bytes (default 64 KiB) wait for flow-control credit or for the socket, the application's next message on that stream waits.");
}
