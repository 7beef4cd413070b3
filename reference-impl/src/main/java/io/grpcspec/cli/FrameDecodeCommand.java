package io.grpcspec.cli;

import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameDecoder;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameFormat;
import io.grpcspec.wire.FrameJson;
import io.grpcspec.wire.FrameReader;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code grpcspec frame decode HEX [--json]}: decodes exactly one frame and prints it, or prints
 * the rule it breaks. Exit 0 for a well-formed frame, 1 for a malformed one (or bytes after it),
 * 2 for input that is not hex.
 */
@Command(name = "decode",
        description = "Decode one HTTP/2 frame (9-byte header + payload) given in hex.",
        mixinStandardHelpOptions = true)
final class FrameDecodeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "HEX",
            description = "The frame's bytes in hex, either case; spaces, ':', '-', ',' and 0x before any group are allowed, several arguments are joined.")
    List<String> hex;

    @Option(names = "--json", description = "Print JSON instead of a one-line description.")
    boolean json;

    @Option(names = "--max-frame-size", paramLabel = "N", defaultValue = "16384",
            description = "SETTINGS_MAX_FRAME_SIZE to enforce, 16384..16777215 (default: ${DEFAULT-VALUE}).")
    int maxFrameSize;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            byte[] bytes;
            try {
                bytes = parseHex(String.join(" ", hex));
                if (maxFrameSize < FrameReader.DEFAULT_MAX_FRAME_SIZE || maxFrameSize > FrameReader.MAX_MAX_FRAME_SIZE) {
                    throw new IllegalArgumentException("--max-frame-size must be 16384..16777215, not " + maxFrameSize);
                }
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 2;
            }
            return decode(bytes, out);
        } finally {
            out.flush();
        }
    }

    private int decode(byte[] bytes, PrintWriter out) {
        FrameDecoder.Decoded d;
        try {
            d = FrameDecoder.decodeFirst(bytes, 0, maxFrameSize);
        } catch (FrameException e) {
            out.println(FrameDecodeOutput.error(e.error(), json));
            return 1;
        }
        int trailing = bytes.length - d.length();
        if (trailing > 0) {
            out.println(FrameDecodeOutput.trailing(d, trailing, json));
            return 1;
        }
        Frame f = d.frame();
        out.println(json ? FrameJson.render(f) : FrameFormat.describe(f));
        return 0;
    }

    /**
     * The octets of {@code text}: hex digits of either case, in groups separated by whitespace,
     * ':', '-' or ',' (as hexdumps, Wireshark and C arrays print them), each group optionally
     * prefixed by 0x; a one-digit 0x group is one octet (C's {@code 0x0}).
     */
    static byte[] parseHex(String text) {
        StringBuilder digits = new StringBuilder();
        for (String group : text.split("[\\s:,\\-]+")) {
            if (group.isEmpty()) continue;
            boolean prefixed = group.startsWith("0x") || group.startsWith("0X");
            String g = prefixed ? group.substring(2) : group;
            if (prefixed && g.length() == 1) g = "0" + g;
            for (int i = 0; i < g.length(); i++) {
                if (Character.digit(g.charAt(i), 16) < 0) {
                    throw new IllegalArgumentException("not hex: '" + g.charAt(i) + "' in \"" + group + "\"");
                }
            }
            digits.append(g);
        }
        if (digits.length() % 2 != 0) throw new IllegalArgumentException("odd number of hex digits (" + digits.length() + ")");
        return HexFormat.of().parseHex(digits);
    }
}
