package io.grpcspec.cli;

/**
 * A command that cannot go on, with its one-line message and exit code (see {@link ExitCodes}):
 * {@link ExitCodes#USAGE} when the command line or the input is wrong, {@link ExitCodes#FAILURE}
 * when the target or the descriptors are (unreachable, TLS, no reflection, a bad answer).
 */
final class CliFailure extends Exception {
    private final int exitCode;

    private CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The command line or the input is wrong: exit 2. */
    static CliFailure input(String message) {
        return new CliFailure(ExitCodes.USAGE, message);
    }

    /** Something outside the command line failed: exit 1. */
    static CliFailure failed(String message) {
        return new CliFailure(ExitCodes.FAILURE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
