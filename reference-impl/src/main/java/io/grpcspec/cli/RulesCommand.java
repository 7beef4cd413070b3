package io.grpcspec.cli;

import picocli.CommandLine.Command;

/** Placeholder until its owner writes it. */
@Command(name = "rules", description = "(not written yet)")
final class RulesCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("not written yet");
    }
}
