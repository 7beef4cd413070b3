package io.grpcspec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code grpcspec hpack ...}: HPACK (RFC 7541) tools; the work is in the subcommands. */
@Command(name = "hpack",
        mixinStandardHelpOptions = true,
        description = "HPACK (RFC 7541) header compression tools.",
        subcommands = {HpackVerifyCommand.class})
final class HpackCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try: hpack verify PATH...)");
    }
}
