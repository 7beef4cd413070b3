package io.grpcspec.bench.load;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The load and measuring side of {@code benchmarks/compare.sh}, one JVM per invocation:
 * {@code start} launches a server and times it to its first answered call; {@code run} drives a
 * running server (grpc-java client closed loops, raw connections) and reads its CPU and memory.
 * Results go to standard output as {@code metric<TAB>value} lines, diagnostics to standard error.
 */
@Command(name = "load", mixinStandardHelpOptions = true, subcommands = {StartCommand.class, RunCommand.class},
        description = "Measures a gRPC server for benchmarks/compare.sh.")
public final class Load {
    private Load() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(Load.class).execute(args));
    }

    /** One result line: the metric's name and its value. */
    static void emit(String metric, double value) {
        System.out.println(metric + "\t" + (value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.4f", value)));
        System.out.flush();
    }
}
