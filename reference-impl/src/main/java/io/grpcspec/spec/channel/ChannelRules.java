package io.grpcspec.spec.channel;

import io.grpcspec.spec.Rule;

/** Rules of area CH. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class ChannelRules {
    private ChannelRules() {}

    // --- one subchannel: connectivity states -------------------------------------------------

    public static final Rule CH_1 = Rule.must("CH-1", "gRPC connectivity-semantics-and-api.md (transition table)",
            "A subchannel moves only along the legal transitions between IDLE, CONNECTING, READY,"
                    + " TRANSIENT_FAILURE and SHUTDOWN; a balancer refuses an update that skips them.");

    public static final Rule CH_2 = Rule.must("CH-2", "gRPC connectivity-semantics-and-api.md (SHUTDOWN)",
            "SHUTDOWN is terminal: a connect request after shutdown is refused and every later event leaves the"
                    + " subchannel shut down.");

    public static final Rule CH_3 = Rule.must("CH-3", "gRPC connection-backoff.md (Reset Backoff); connectivity-semantics-and-api.md (READY)",
            "CONNECTING becomes READY only when the current attempt's transport reports the server's SETTINGS;"
                    + " a ready report in any other state is refused.");

    public static final Rule CH_4 = Rule.must("CH-4", "gRPC connectivity-semantics-and-api.md (CONNECTING -> TRANSIENT_FAILURE)",
            "An attempt whose transport closes or receives GOAWAY before it is READY has failed: TRANSIENT_FAILURE with"
                    + " the backoff armed; the subchannel, not its driver, tells a failed attempt from a lost connection.");

    public static final Rule CH_5 = Rule.must("CH-5", "gRPC connectivity-semantics-and-api.md (READY -> IDLE); gRFC A62 (Background)",
            "When the READY transport closes or receives GOAWAY the subchannel goes to IDLE and does not"
                    + " reconnect until asked to.");

    public static final Rule CH_6 = Rule.must("CH-6", "grpc-go clientconn.go addrConn.resetTransportAndUnlock; gRFC A62 (Background)",
            "When the reconnect backoff has elapsed TRANSIENT_FAILURE moves to IDLE, not CONNECTING: the balancer"
                    + " decides whether to reconnect; a connect request during the backoff changes nothing.");

    public static final Rule CH_7 = Rule.must("CH-7", "gRPC connection-backoff.md (Proposed Backoff Algorithm)",
            "Backoff number k is min(INITIAL_BACKOFF x MULTIPLIER^k, MAX_BACKOFF) (1 s, 1.6, 120 s), the first"
                    + " unjittered and every later one spread by up to +-JITTER (0.2) of itself.");

    public static final Rule CH_8 = Rule.must("CH-8", "gRPC connection-backoff.md (MIN_CONNECT_TIMEOUT)",
            "A connect attempt gets max(current backoff, MIN_CONNECT_TIMEOUT = 20 s); when that passes first the"
                    + " attempt fails (TRANSIENT_FAILURE) and its transport is closed.");

    public static final Rule CH_9 = Rule.must("CH-9", "gRPC connection-backoff.md (Reset Backoff)",
            "The backoff restarts at INITIAL_BACKOFF only when a transport becomes READY (or on an explicit"
                    + " reset); going through IDLE does not reset it.");

    public static final Rule CH_10 = Rule.must("CH-10", "grpc-go addrConn (transport ownership checks); grpc-java InternalSubchannel",
            "Events of a superseded attempt and fires of cancelled timers are ignored with their reason, a transport that"
                    + " arrives for an attempt given up is closed; an event naming an attempt or a subchannel that never existed"
                    + " is refused.");

    // --- balancers ---------------------------------------------------------------------------

    public static final Rule CH_11 = Rule.must("CH-11", "gRFC A62 (Background); grpc-go pickfirstleaf",
            "pick_first connects to the addresses one at a time in order; the first READY subchannel takes every"
                    + " RPC and the others are shut down; no addresses means TRANSIENT_FAILURE.");

    public static final Rule CH_12 = Rule.must("CH-12", "gRFC A62 (Support Sticky-TF)",
            "Once every address has failed, pick_first reports TRANSIENT_FAILURE and keeps reporting it, while"
                    + " reconnecting each subchannel as soon as it is IDLE, until one becomes READY.");

    public static final Rule CH_13 = Rule.must("CH-13", "gRFC A62 (Background); grpc-go pickfirstleaf (READY subchannel lost)",
            "When pick_first's READY subchannel leaves READY, pick_first reports IDLE and starts over at the first"
                    + " address only when asked to leave IDLE.");

    public static final Rule CH_14 = Rule.must("CH-14", "grpc-java RoundRobinLoadBalancer; grpc-java issue 6906 (sticky TF)",
            "round_robin is READY if any subchannel is, else CONNECTING if any is CONNECTING or IDLE, else"
                    + " TRANSIENT_FAILURE; a failed subchannel counts as failed until it is READY again.");

    public static final Rule CH_15 = Rule.must("CH-15", "grpc-go balancer/roundrobin; grpc-java RoundRobinLoadBalancer",
            "round_robin's picker hands out the READY subchannels in turn, each pick advancing one position, and"
                    + " round_robin reconnects every subchannel that becomes IDLE.");

    // --- naming ------------------------------------------------------------------------------

    public static final Rule CH_16 = Rule.must("CH-16", "gRPC naming.md (Name Syntax); grpc-go parseTargetAndFindResolver",
            "A target whose scheme is registered reads as scheme:[//authority/]endpoint; a target without a scheme"
                    + " or with an unregistered one is the endpoint of the default scheme, whole and unchanged.");

    public static final Rule CH_17 = Rule.must("CH-17", "gRPC naming.md (dns scheme); grpc-go dns resolver parseTarget",
            "A dns endpoint is host[:port] with port 443 by default; an IPv6 literal with a port needs brackets, and"
                    + " a trailing colon, a non-numeric port or unbalanced brackets is an error.");

    public static final Rule CH_18 = Rule.must("CH-18", "gRPC naming.md (unix, unix-abstract schemes)",
            "unix:path names a relative or absolute socket path, unix:///path an absolute one and an authority is"
                    + " not allowed; unix-abstract:name names an abstract socket whose name has no NUL byte.");

    // --- name resolution ---------------------------------------------------------------------

    public static final Rule CH_19 = Rule.should("CH-19", "grpc-go internal/resolver/dns watcher (MinResolutionInterval); gRPC naming.md",
            "Re-resolution requests are merged and paced: a resolution starts no sooner than the minimum interval (ours 5 s,"
                    + " grpc-go's 30 s) after the previous one started; requests while one runs add one resolution after it, requests"
                    + " while one waits add nothing.");

    public static final Rule CH_20 = Rule.should("CH-20", "grpc-go internal/resolver/dns watcher (backoff.DefaultExponential on error)",
            "A failed resolution is retried by itself after backoff number k of the connection backoff (CH-7), k being the"
                    + " failures since the last success (at most 30); a successful resolution resets k to 0.");

    public static final Rule CH_21 = Rule.should("CH-21", "grpc-go pickfirstleaf resolverErrorLocked; grpc-go ccResolverWrapper",
            "A resolution failure before the first address list puts the channel in TRANSIENT_FAILURE with the resolver's error;"
                    + " once a list has arrived the channel keeps using it, and a new list goes to the balancer only when it differs.");
}
