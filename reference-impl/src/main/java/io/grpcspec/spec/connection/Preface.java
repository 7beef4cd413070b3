package io.grpcspec.spec.connection;

import io.grpcspec.wire.Bytes;

/** The client connection preface, RFC 9113 §3.4: 24 fixed octets, then a SETTINGS frame. */
public final class Preface {
    private Preface() {}

    /** {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}. */
    public static final Bytes CLIENT = Bytes.ofAscii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    public static final int LENGTH = 24;

    /** True for exactly the 24 preface octets (a short read is not a preface). */
    public static boolean valid(Bytes greeting) {
        return CLIENT.equals(greeting);
    }
}
