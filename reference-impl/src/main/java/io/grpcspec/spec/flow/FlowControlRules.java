package io.grpcspec.spec.flow;

import io.grpcspec.spec.Rule;

/** Rules of area FC. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class FlowControlRules {
    private FlowControlRules() {}

    public static final Rule FC_1 = Rule.must("FC-1", "RFC 9113 §6.9",
            "A WINDOW_UPDATE with increment 0 is a PROTOCOL_ERROR: a stream error on a stream, a connection error on stream 0.");

    public static final Rule FC_2 = Rule.must("FC-2", "RFC 9113 §6.9.1",
            "A WINDOW_UPDATE that would lift a window above 2^31-1 is a FLOW_CONTROL_ERROR: a stream error on a stream, a connection error on stream 0.");

    public static final Rule FC_3 = Rule.must("FC-3", "RFC 9113 §6.9.1",
            "A sender must not send DATA longer than the smaller of the connection and the stream send window.");

    public static final Rule FC_4 = Rule.must("FC-4", "RFC 9113 §6.1",
            "The whole DATA payload counts against flow control: data, the pad-length byte and the padding.");

    public static final Rule FC_5 = Rule.must("FC-5", "RFC 9113 §6.9.2",
            "A change of the peer's SETTINGS_INITIAL_WINDOW_SIZE moves every stream send window by the difference, even below zero, and leaves the connection window alone.");

    public static final Rule FC_6 = Rule.must("FC-6", "RFC 9113 §6.9.2",
            "A SETTINGS_INITIAL_WINDOW_SIZE change that would lift any stream window above 2^31-1 is a connection FLOW_CONTROL_ERROR.");

    public static final Rule FC_7 = Rule.must("FC-7", "RFC 9113 §6.9.1",
            "DATA beyond the connection receive window is a connection FLOW_CONTROL_ERROR.");

    public static final Rule FC_8 = Rule.must("FC-8", "RFC 9113 §6.9.1",
            "DATA beyond a stream's receive window is a stream FLOW_CONTROL_ERROR on that stream.");

    public static final Rule FC_9 = Rule.must("FC-9", "RFC 9113 §5.1, §6.9",
            "DATA on a closed or unknown stream still uses connection window, and the receiver returns that credit.");

    public static final Rule FC_10 = Rule.must("FC-10", "RFC 9113 §6.9.3, §6.5.3",
            "A receiver that lowers its SETTINGS_INITIAL_WINDOW_SIZE keeps accepting data under the old window until the peer acknowledges the SETTINGS.");

    public static final Rule FC_11 = Rule.must("FC-11", "RFC 9113 §6.9.2",
            "The connection window starts at 65535 and only WINDOW_UPDATE changes it: a larger receive window is announced by a WINDOW_UPDATE on stream 0.");

    public static final Rule FC_12 = Rule.should("FC-12", "RFC 9113 §5.2.2; grpc-go inFlow",
            "A receiver returns credit by WINDOW_UPDATE once the bytes it has freed but not yet announced reach a quarter of the window.");

    public static final Rule FC_13 = Rule.should("FC-13", "RFC 9113 §5.2.2; grpc-go maybeAdjust",
            "A receiver waiting for a message larger than the sender can still send grants extra stream window for it, never beyond 2^31-1.");
}
