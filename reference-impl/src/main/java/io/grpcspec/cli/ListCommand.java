package io.grpcspec.cli;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code grpcspec list [TARGET [SERVICE]]}, as grpcurl's {@code list}: the services of the
 * server (by reflection) or of the {@code --protoset} files, one per line, sorted; with
 * SERVICE, its methods as {@code package.Service.Method}. With {@code --protoset}, TARGET may be
 * left out and nothing is dialled.
 */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the services of a server (by reflection) or of --protoset files; with SERVICE, its methods.",
                "Exit: 0 OK; 1 target/descriptor failure; 2 bad command line or unknown service."})
final class ListCommand implements Callable<Integer> {

    @Parameters(arity = "0..2", paramLabel = "TARGET [SERVICE]",
            description = "The server (host:port ...), optional with --protoset; then a fully-qualified service name.")
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
                if (p.symbol() == null) {
                    List<String> services = d.source.services();
                    if (services.isEmpty()) out.println("(No services)");
                    services.forEach(out::println);
                } else {
                    ServiceDescriptor s = d.service(p.symbol());
                    s.getMethods().stream().map(MethodDescriptor::getFullName).sorted().forEach(out::println);
                }
            }
            return ExitCodes.OK;
        } catch (CliFailure f) {
            err.println("error: " + f.getMessage());
            return f.exitCode();
        } finally {
            out.flush();
            err.flush();
        }
    }
}
