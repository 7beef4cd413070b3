package io.grpcspec.spec.connection;

import io.grpcspec.spec.Rule;

/** Rules of area SET. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class SettingsRules {
    private SettingsRules() {}

    public static final Rule SET_1 = Rule.must("SET-1", "RFC 9113 §6.5.2",
            "Until a SETTINGS frame changes it, every parameter has its RFC default value.");
    public static final Rule SET_2 = Rule.must("SET-2", "RFC 9113 §6.5.2",
            "A received SETTINGS_ENABLE_PUSH other than 0 or 1 is a connection error PROTOCOL_ERROR.");
    public static final Rule SET_3 = Rule.must("SET-3", "RFC 9113 §6.5.2",
            "A client that receives SETTINGS_ENABLE_PUSH = 1 from a server ends the connection with PROTOCOL_ERROR.");
    public static final Rule SET_4 = Rule.must("SET-4", "RFC 9113 §6.5.2",
            "A server never announces SETTINGS_ENABLE_PUSH = 1.");
    public static final Rule SET_5 = Rule.must("SET-5", "RFC 9113 §6.5.2",
            "A received SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1 is a connection error FLOW_CONTROL_ERROR.");
    public static final Rule SET_6 = Rule.must("SET-6", "RFC 9113 §6.5.2",
            "A received SETTINGS_MAX_FRAME_SIZE outside 16384..16777215 is a connection error PROTOCOL_ERROR.");
    public static final Rule SET_7 = Rule.must("SET-7", "RFC 9113 §6.5.2",
            "A SETTINGS parameter with an unknown identifier is ignored.");
    public static final Rule SET_8 = Rule.must("SET-8", "RFC 9113 §6.5.3",
            "SETTINGS values are processed in frame order, so a repeated identifier ends with its last value.");
    public static final Rule SET_9 = Rule.must("SET-9", "RFC 9113 §6.5.3",
            "A received SETTINGS frame takes effect on receipt and is answered by exactly one SETTINGS ACK.");
    public static final Rule SET_10 = Rule.must("SET-10", "RFC 9113 §6.5.3",
            "Settings an endpoint sends take effect for it only when the peer's ACK arrives; ACKs answer SETTINGS frames in send order.");
    public static final Rule SET_11 = Rule.may("SET-11", "RFC 9113 §6.5.3 (silent); grpc-go, Netty ignore it; nghttp2 PROTOCOL_ERROR",
            "A SETTINGS ACK that answers no outstanding SETTINGS frame is reported and ignored; strict answers make it a connection PROTOCOL_ERROR.");
    public static final Rule SET_12 = Rule.may("SET-12", "RFC 9113 §6.5.3",
            "When the optional ACK timeout is on, a SETTINGS frame not acknowledged in time is a connection error SETTINGS_TIMEOUT.");
}
