package io.grpcspec.cli;

import com.google.protobuf.Descriptors.GenericDescriptor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code grpcspec describe TARGET [SYMBOL]}, as grpcurl's {@code describe}: what a symbol is
 * (service, method, message, enum, field ...) and its definition as proto source; without SYMBOL,
 * every service. With {@code --protoset}, TARGET may be left out and nothing is dialled.
 */
@Command(name = "describe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Describe a service, method, message, enum or field of a server (by reflection) or of --protoset files, "
                + "as proto source; without SYMBOL, every service.",
                "Exit: 0 OK; 1 target/descriptor failure; 2 bad command line or unknown symbol."})
final class DescribeCommand implements Callable<Integer> {

    @Parameters(arity = "0..2", paramLabel = "TARGET [SYMBOL]",
            description = "The server (host:port ...), optional with --protoset; then a fully-qualified symbol.")
    List<String> args = new ArrayList<>();

    @Mixin
    TargetOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Positionals p = Positionals.of(args, options);
            try (Descriptors d = Descriptors.open(options, p.target(), false, false, options.metadata(), err)) {
                List<String> symbols = p.symbol() != null ? List.of(p.symbol()) : d.source.services();
                int exit = ExitCodes.OK;
                for (String s : symbols) {
                    GenericDescriptor g = d.source.find(s);
                    if (g == null) {
                        if (p.symbol() != null) throw CliFailure.input("symbol " + s + " not found in " + d.source.origin());
                        // Listed but not described: a service registered without a descriptor.
                        err.println("error: " + s + " is listed, but " + d.source.origin() + " has no descriptor for it");
                        exit = ExitCodes.FAILURE;
                        continue;
                    }
                    out.println(g.getFullName() + " is " + ProtoText.kind(g) + ":");
                    out.println(ProtoText.of(g));
                }
                return exit;
            }
        } catch (CliFailure f) {
            err.println("error: " + f.getMessage());
            return f.exitCode();
        } finally {
            out.flush();
            err.flush();
        }
    }
}
