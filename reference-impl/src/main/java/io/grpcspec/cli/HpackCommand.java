package io.grpcspec.cli;

import picocli.CommandLine.Command;

/** Placeholder until its owner writes it. */
@Command(name = "hpack", description = "(not written yet)")
final class HpackCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("not written yet");
    }
}
