package io.grpcspec.cli;

import java.util.List;

/**
 * {@code [TARGET] [SYMBOL]} of {@code list} and {@code describe}. Without {@code --protoset} the
 * first is the target. With it the target is optional, so a lone argument is the symbol unless
 * it looks like an address (it has a ':', as {@code host:port}, {@code dns:///host:port} and
 * {@code unix:path} do and no proto name does), in which case it is the target (not dialled).
 */
record Positionals(String target, String symbol) {

    static Positionals of(List<String> args, TargetOptions options) throws CliFailure {
        if (args.size() > 2) throw CliFailure.input("too many arguments: " + args);
        if (args.size() == 2) return new Positionals(args.get(0), symbol(args.get(1)));
        if (args.isEmpty()) {
            if (options.protosets.isEmpty()) throw CliFailure.input("no TARGET to ask by reflection, and no --protoset FILE");
            return new Positionals(null, null);
        }
        String one = args.get(0);
        if (!options.protosets.isEmpty() && one.indexOf(':') < 0) return new Positionals(null, symbol(one));
        return new Positionals(one, null);
    }

    /** grpcurl accepts {@code pkg.Service/Method} for a method symbol; so do we. */
    private static String symbol(String s) {
        return s.replace('/', '.');
    }
}
