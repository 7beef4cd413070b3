package io.grpcspec.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code grpcspec} command line.
 *
 * <p>Picocli builds a command's model by reflection over its class, and a command declared with
 * {@code subcommands = {...}} builds all of them, and instantiates them, before parsing a word.
 * So the subcommands are added here instead: when the first argument names one, only that one
 * is built ({@code grpcspec serve} reaches its socket sooner, issue #13); otherwise (no argument,
 * an option, {@code help}, a mistyped name) the whole tree is, so listings, {@code help NAME} and
 * "did you mean" suggestions see every command. Either way the command parses and prints the
 * same: {@code MainTest} compares each one's usage in both trees.
 */
@Command(name = "grpcspec",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "A model-checked specification of gRPC over HTTP/2, with a reference client and server driven by it.")
public final class Main implements Runnable {

    /** The subcommands by the name their {@code @Command} gives, in the order the usage lists them. */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return commandLine(args).execute(args);
    }

    /** The command tree {@code args} need: only the subcommand the first argument names, or all of them. */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        Class<?> only = args.length == 0 ? null : SUBCOMMANDS.get(args[0]);
        if (only != null && only != CommandLine.HelpCommand.class) {
            cl.addSubcommand(only);
        } else {
            for (Class<?> c : SUBCOMMANDS.values()) cl.addSubcommand(c);
        }
        return cl;
    }

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("frame", FrameCommand.class);
        m.put("hpack", HpackCommand.class);
        m.put("rules", RulesCommand.class);
        m.put("serve", ServeCommand.class);
        m.put("call", CallCommand.class);
        m.put("list", ListCommand.class);
        m.put("describe", DescribeCommand.class);
        m.put("check", CheckCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return m;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
