package io.grpcspec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code grpcspec frame ...}: tools for single HTTP/2 frames. */
@Command(name = "frame",
        description = "Work with single HTTP/2 frames (RFC 9113 §4, §6).",
        subcommands = {FrameDecodeCommand.class})
final class FrameCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
