package io.grpcspec.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpcspec.client.CallOptions;
import io.grpcspec.client.CallStream;
import io.grpcspec.client.Channel;
import io.grpcspec.client.DialException;
import io.grpcspec.client.DialOption;
import io.grpcspec.client.DialOptions;
import io.grpcspec.client.Grpc;
import io.grpcspec.client.KnownMethods;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.ProtoMarshaller;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.transport.FrameTrace;
import io.grpcspec.wire.Bytes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code grpcspec call TARGET package.Service/Method [JSON]}: one call with the reference client
 * to a built-in service method (Greeter, grpc.testing.TestService), JSON in and out. For
 * client-streaming and bidi methods the JSON may be an array of request messages. Prints each
 * response message as JSON; on a non-OK status prints {@code ERROR: <CODE>: <message>} and exits 1.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = "Call a method of a built-in service (helloworld.Greeter, grpc.testing.TestService) with JSON in and out.")
final class CallCommand implements Callable<Integer> {

    /** Exit code for a command line that cannot be run (unknown method, bad JSON, bad target). */
    static final int USAGE = 2;

    @Parameters(index = "0", paramLabel = "TARGET", description = "host:port, dns:///host:port, passthrough:///host:port ...")
    String target;

    @Parameters(index = "1", paramLabel = "METHOD", description = "package.Service/Method, e.g. helloworld.Greeter/SayHello")
    String method;

    @Parameters(index = "2", arity = "0..1", paramLabel = "JSON", description = "Request message as JSON (default {}); an array for streaming requests.")
    String json = "{}";

    @Option(names = "--plaintext", description = "h2c with prior knowledge (the default).")
    boolean plaintext;

    @Option(names = "--tls", description = "TLS (ALPN h2) instead of plaintext.")
    boolean tls;

    @Option(names = "--ca", paramLabel = "PEM", description = "With --tls: trust these CA certificates (default: the JDK's).")
    Path ca;

    @Option(names = "--authority", paramLabel = "A", description = "The :authority and the TLS name to verify.")
    String authority;

    @Option(names = "-H", paramLabel = "'key: value'", description = "Request metadata (repeatable); -bin keys take base64.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "10s",
            description = "Call deadline, e.g. 500ms, 5s, 1m (default: ${DEFAULT-VALUE}).")
    String deadline;

    @Option(names = "--trace", description = "Print one line per frame in both directions to stderr (<< received, >> sent).")
    boolean trace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        if (tls && plaintext) return usage(err, "--tls and --plaintext exclude each other");
        if (ca != null && !tls) return usage(err, "--ca needs --tls");
        MethodDescriptor<?, ?> m = KnownMethods.find(method);
        if (m == null) {
            return usage(err, "unknown method \"" + method + "\"; the built-in methods are:\n  " + String.join("\n  ", KnownMethods.names()));
        }
        Duration timeout = parseDuration(deadline);
        if (timeout == null) return usage(err, "bad --deadline \"" + deadline + "\" (e.g. 500ms, 5s, 1m, 2h)");
        Metadata md;
        try {
            md = metadata(headers);
        } catch (IllegalArgumentException e) {
            return usage(err, "bad -H: " + e.getMessage());
        }
        List<DialOption> opts = new ArrayList<>();
        opts.add(tls ? DialOptions.tlsTrusting(ca) : DialOptions.insecure());
        if (authority != null) opts.add(DialOptions.withAuthority(authority));
        if (trace) {
            opts.add(DialOptions.withTrace(FrameTrace.lines("", line -> {
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
            })));
        }
        try (Channel ch = Grpc.dial(target, opts.toArray(new DialOption[0]))) {
            return invoke(ch, m, md, CallOptions.DEFAULT.withTimeout(timeout), out, err);
        } catch (DialException e) {
            return usage(err, e.getMessage());
        }
    }

    private <Req, Resp> int invoke(Channel ch, MethodDescriptor<Req, Resp> m, Metadata md, CallOptions options,
                                   PrintWriter out, PrintWriter err) throws InterruptedException {
        List<Req> requests;
        try {
            requests = parseRequests(m);
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            return usage(err, "request JSON for " + m.fullName() + ": " + e.getMessage());
        }
        JsonFormat.Printer printer = JsonFormat.printer();
        try (CallStream<Req, Resp> s = CallStream.start(ch, m, options, md)) {
            for (Req r : requests) s.send(r);
            s.halfClose();
            Duration wait = options.timeout().plusSeconds(5);
            while (true) {
                Resp r = s.next(wait);
                if (r == null) break;
                out.println(printer.print((Message) r));
                out.flush();
            }
            return 0;
        } catch (StatusException e) {
            return failed(err, e.status());
        } catch (InvalidProtocolBufferException e) {
            return failed(err, Status.of(StatusCode.INTERNAL, "cannot print the response as JSON: " + e.getMessage()));
        }
    }

    @SuppressWarnings("unchecked")
    private <Req> List<Req> parseRequests(MethodDescriptor<Req, ?> m) throws InvalidProtocolBufferException {
        Message proto = ((ProtoMarshaller<?>) m.requestMarshaller()).defaultInstance();
        String text = json.strip();
        List<String> items = new ArrayList<>();
        if (text.startsWith("[")) {
            if (!m.type().clientStreams()) throw new IllegalArgumentException("a JSON array is only for client-streaming and bidi methods");
            items.addAll(splitArray(text));
        } else {
            items.add(text);
        }
        List<Req> out = new ArrayList<>();
        for (String item : items) {
            Message.Builder b = proto.newBuilderForType();
            JsonFormat.parser().merge(item, b);
            out.add((Req) b.build());
        }
        return out;
    }

    /**
     * The top-level elements of a JSON array, as text (each is then parsed by JsonFormat, which
     * reports any error inside an element). Tracks strings and nesting only.
     */
    static List<String> splitArray(String text) {
        if (!text.endsWith("]")) throw new IllegalArgumentException("the JSON array does not end with ']'");
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        int start = 1;
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        String last = text.substring(start, text.length() - 1).strip();
        if (!last.isEmpty() || !out.isEmpty()) out.add(last);
        for (String e : out) if (e.isEmpty()) throw new IllegalArgumentException("empty element in the JSON array");
        return out;
    }

    private static int failed(PrintWriter err, Status st) {
        err.println("ERROR: " + st.code() + ": " + st.message());
        return 1;
    }

    private static int usage(PrintWriter err, String message) {
        err.println("error: " + message);
        return USAGE;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    /** {@code 500ms}, {@code 5s}, {@code 1m}, {@code 2h}; a bare number is seconds. Null when malformed. */
    static Duration parseDuration(String text) {
        Matcher mm = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!mm.matches()) return null;
        long n;
        try {
            n = Long.parseLong(mm.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
        String unit = mm.group(2) == null ? "s" : mm.group(2);
        switch (unit) {
            case "ms":
                return Duration.ofMillis(n);
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            default:
                return Duration.ofSeconds(n);
        }
    }

    /** {@code key: value} lines as metadata; binary ({@code -bin}) values are base64. */
    static Metadata metadata(List<String> lines) {
        List<Metadata.Entry> entries = new ArrayList<>();
        for (String h : lines) {
            int colon = h.indexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("\"" + h + "\" is not 'key: value'");
            String key = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).strip();
            if (key.endsWith("-bin")) {
                entries.add(Metadata.binary(key, Bytes.of(Base64.getDecoder().decode(value))));
            } else {
                entries.add(Metadata.ascii(key, value));
            }
        }
        return new Metadata(entries);
    }
}
