package io.grpcspec.cli;

import io.grpcspec.spec.grpc.StatusCode;

/**
 * Exit codes of {@code call}, {@code list} and {@code describe}, grpcurl's convention: 0 for
 * success; 1 when the target or its descriptors fail us (unreachable, TLS refused, no reflection,
 * an answer we cannot use); 2 for a command line or input that cannot work (unknown flag,
 * unknown service or method, JSON that does not match the message); and for a call that ended
 * with a non-OK status, 64 + the status code (so CANCELLED = 65 and UNKNOWN = 66 are never
 * mistaken for 1 and 2).
 */
final class ExitCodes {
    private ExitCodes() {}

    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int STATUS_OFFSET = 64;

    /** The exit code of a call that ended with {@code code}. */
    static int of(StatusCode code) {
        return code == StatusCode.OK ? OK : STATUS_OFFSET + code.value();
    }
}
