package io.grpcspec.spec.connection;

/** Where a connection is in its life, RFC 9113 §3.4 and §6.8. */
public enum Phase {
    /** Created, socket not yet connected or accepted. */
    IDLE,
    /** Server: own SETTINGS written, waiting for the 24-octet client preface. */
    AWAIT_PREFACE,
    /** Server: preface read, the next frame must be the client's SETTINGS. */
    AWAIT_SETTINGS,
    /** Client: preface and SETTINGS written, waiting for the server's SETTINGS. */
    AWAIT_SERVER_SETTINGS,
    /** Handshake done, streams may start (the client channel calls this READY). */
    OPERATIONAL,
    /** A GOAWAY was sent or received; open streams may finish, no new local streams. */
    DRAINING,
    /** The connection is over: nothing more is written, inputs are ignored. */
    CLOSED;

    /** True while the handshake is still running. */
    public boolean handshaking() {
        return this == AWAIT_PREFACE || this == AWAIT_SETTINGS || this == AWAIT_SERVER_SETTINGS;
    }
}
