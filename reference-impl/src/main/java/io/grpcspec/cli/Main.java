package io.grpcspec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code grpcspec} command line. */
@Command(name = "grpcspec",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "A model-checked specification of gRPC over HTTP/2, with a reference client and server driven by it.",
        subcommands = {
                FrameCommand.class,
                HpackCommand.class,
                RulesCommand.class,
                ServeCommand.class,
                CallCommand.class,
                ListCommand.class,
                DescribeCommand.class,
                CheckCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
