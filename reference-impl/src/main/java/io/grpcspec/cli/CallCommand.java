package io.grpcspec.cli;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grpcspec.client.CallOptions;
import io.grpcspec.client.CallStream;
import io.grpcspec.rpc.MethodType;
import io.grpcspec.rpc.ProtoMarshaller;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code grpcspec call TARGET SERVICE/METHOD [JSON]}: one call of any method of any server, its
 * messages described by server reflection (or {@code --protoset}) and converted to and from
 * protobuf JSON as dynamic messages. Unary and server-streaming methods take one request (none
 * given: an empty one); client-streaming and bidi methods take any number, as one JSON array or
 * as JSON values one after another (one per line), read from the argument, {@code -d}, or stdin
 * ({@code @}), and sent as they are read. Each response is printed as one JSON object. Failures
 * are one line on stderr; the exit code is in {@link ExitCodes}.
 */
@Command(name = "call", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Call a method of any gRPC server with JSON in and out; the server's reflection service "
                + "(or --protoset) describes the messages.",
                "Exit: 0 OK; 1 target/descriptor failure; 2 bad command line or input; 64+code for a non-OK status."})
final class CallCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TARGET", description = "host:port, dns:///host:port, unix:///path ...")
    String target;

    @Parameters(index = "1", paramLabel = "METHOD", description = "package.Service/Method (or package.Service.Method)")
    String method;

    @Parameters(index = "2", arity = "0..1", paramLabel = "JSON",
            description = "The request(s): a JSON object, a JSON array of requests, or JSON values one after another; @ reads stdin.")
    String json;

    @Option(names = {"-d", "--data"}, paramLabel = "JSON", description = "Like JSON, as grpcurl's -d; -d @ reads the requests from stdin.")
    String data;

    @Mixin
    TargetOptions options;

    @Option(names = "--deadline", paramLabel = "DURATION", description = "Call deadline, e.g. 500ms, 5s, 1m (default: none).")
    String deadline;

    @Option(names = "--emit-defaults", description = "Print fields that have their default value too.")
    boolean emitDefaults;

    @Option(names = "-v", description = "Also print the resolved method, request metadata, response headers and trailers to stderr.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } catch (CliFailure f) {
            err.println("error: " + f.getMessage());
            return f.exitCode();
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(PrintWriter out, PrintWriter err) throws CliFailure, InterruptedException {
        if (json != null && data != null) throw CliFailure.input("give the request as JSON or with -d, not both");
        Duration timeout = null;
        if (deadline != null) {
            timeout = TargetOptions.parseDuration(deadline);
            if (timeout == null) throw CliFailure.input("bad --deadline \"" + deadline + "\" (e.g. 500ms, 5s, 1m, 2h)");
        }
        String[] name = splitMethod(method);
        Metadata md = options.metadata();
        try (Descriptors d = Descriptors.open(options, target, true, true, md, err)) {
            ServiceDescriptor service = d.service(name[0]);
            MethodDescriptor m = service.findMethodByName(name[1]);
            if (m == null) {
                throw CliFailure.input("service " + service.getFullName() + " has no method " + name[1] + " (it has "
                        + service.getMethods().stream().map(MethodDescriptor::getName).collect(Collectors.joining(", ")) + ")");
            }
            if (verbose) {
                err.println("Resolved method descriptor, from " + d.source.origin() + ":");
                err.println(ProtoText.method(m));
                err.println();
                err.println("Request metadata to send:");
                err.println(metadataText(md));
                err.println();
            }
            JsonCodec codec = new JsonCodec(d.source, emitDefaults, m.getInputType(), m.getOutputType());
            return new Invocation(d, m, codec, CallOptions.DEFAULT.withTimeout(timeout), md, out, err).run(input());
        }
    }

    /** {@code pkg.Service/Method}, {@code /pkg.Service/Method} or {@code pkg.Service.Method} as service and method. */
    static String[] splitMethod(String text) throws CliFailure {
        String t = text.startsWith("/") ? text.substring(1) : text;
        int cut = t.indexOf('/') >= 0 ? t.indexOf('/') : t.lastIndexOf('.');
        if (cut <= 0 || cut == t.length() - 1 || t.indexOf('/', cut + 1) >= 0) {
            throw CliFailure.input("METHOD \"" + text + "\" is not package.Service/Method");
        }
        return new String[] {t.substring(0, cut), t.substring(cut + 1)};
    }

    /** Where the requests come from: the JSON argument, -d, stdin for '@', or nowhere. */
    private Reader input() {
        String text = json != null ? json : data;
        if (text == null) return null;
        if (text.equals("@")) return new InputStreamReader(System.in, StandardCharsets.UTF_8);
        return new StringReader(text);
    }

    static String metadataText(Metadata md) {
        if (md.entries().isEmpty()) return "(empty)";
        return md.entries().stream()
                .map(e -> e.name() + ": " + (e.isBinary() ? Base64.getEncoder().encodeToString(e.value().toByteArray()) : e.text()))
                .collect(Collectors.joining("\n"));
    }

    /** One call: requests out, responses printed, the status turned into the exit code. */
    private final class Invocation {
        private final MethodDescriptor method;
        private final JsonCodec codec;
        private final CallOptions callOptions;
        private final Metadata md;
        private final PrintWriter out;
        private final PrintWriter err;
        private final io.grpcspec.rpc.MethodDescriptor<DynamicMessage, DynamicMessage> rpc;
        private final Descriptors descriptors;
        private int sent;
        private int received;

        Invocation(Descriptors d, MethodDescriptor m, JsonCodec codec, CallOptions callOptions, Metadata md, PrintWriter out, PrintWriter err) {
            this.descriptors = d;
            this.method = m;
            this.codec = codec;
            this.callOptions = callOptions;
            this.md = md;
            this.out = out;
            this.err = err;
            MethodType type = m.isClientStreaming()
                    ? (m.isServerStreaming() ? MethodType.BIDI_STREAMING : MethodType.CLIENT_STREAMING)
                    : (m.isServerStreaming() ? MethodType.SERVER_STREAMING : MethodType.UNARY);
            this.rpc = io.grpcspec.rpc.MethodDescriptor.of(m.getService().getFullName(), m.getName(), type,
                    ProtoMarshaller.of(DynamicMessage.getDefaultInstance(m.getInputType())),
                    ProtoMarshaller.of(DynamicMessage.getDefaultInstance(m.getOutputType())));
        }

        int run(Reader input) throws CliFailure, InterruptedException {
            JsonInput values = input == null ? null : new JsonInput(input);
            if (!method.isClientStreaming()) {
                // One request, parsed before the call starts: bad input never reaches the server.
                List<DynamicMessage> requests = new ArrayList<>();
                for (String v; values != null && (v = next(values)) != null; ) requests.add(codec.parse(v, method.getInputType()));
                if (requests.size() > 1) {
                    throw CliFailure.input(method.getFullName() + " takes one request message; the input has " + requests.size());
                }
                DynamicMessage request = requests.isEmpty() ? DynamicMessage.getDefaultInstance(method.getInputType()) : requests.get(0);
                try (CallStream<DynamicMessage, DynamicMessage> s = CallStream.start(descriptors.channel, rpc, callOptions, md)) {
                    s.send(request).halfClose();
                    sent = 1;
                    return receive(s);
                }
            }
            try (CallStream<DynamicMessage, DynamicMessage> s = CallStream.start(descriptors.channel, rpc, callOptions, md)) {
                int[] exit = new int[1];
                CliFailure[] failure = new CliFailure[1];
                Thread receiver = Thread.ofVirtual().name("grpcspec-call-receiver").start(() -> {
                    try {
                        exit[0] = receive(s);
                    } catch (CliFailure f) {
                        failure[0] = f;
                    } catch (InterruptedException e) {
                        exit[0] = ExitCodes.FAILURE;
                    }
                });
                try {
                    for (String v; values != null && receiver.isAlive() && (v = next(values)) != null; ) {
                        s.send(codec.parse(v, method.getInputType()));
                        sent++;
                    }
                    s.halfClose();
                } catch (CliFailure bad) {
                    s.cancel("grpcspec: bad request input");
                    receiver.join();
                    throw bad;
                }
                receiver.join();
                if (failure[0] != null) throw failure[0];
                return exit[0];
            }
        }

        private String next(JsonInput values) throws CliFailure {
            try {
                return values.next();
            } catch (JsonInput.SyntaxError e) {
                throw CliFailure.input("request " + (sent + 1) + ": " + e.getMessage());
            } catch (IOException | UncheckedIOException e) {
                throw CliFailure.input("cannot read the requests: " + e.getMessage());
            }
        }

        /** Prints responses until the call ends; the exit code follows the status. */
        private int receive(CallStream<DynamicMessage, DynamicMessage> s) throws CliFailure, InterruptedException {
            Duration wait = callOptions.timeout() == null ? Duration.ofDays(3650) : callOptions.timeout().plusSeconds(5);
            Status status;
            try {
                for (DynamicMessage r; (r = s.next(wait)) != null; ) {
                    if (received++ == 0 && verbose) headers(s);
                    String text = codec.print(r);
                    synchronized (out) {
                        out.println(text);
                        out.flush();
                    }
                }
                status = Status.OK;
            } catch (StatusException e) {
                status = e.status();
            } catch (CliFailure f) {
                s.cancel("grpcspec: cannot print a response");
                throw f;
            }
            if (verbose) {
                if (received == 0) headers(s);
                synchronized (err) {
                    err.println("Response trailers received:");
                    err.println(metadataText(s.trailers()));
                    err.println("Sent " + sent + " request" + (sent == 1 ? "" : "s") + " and received " + received
                            + " response" + (received == 1 ? "" : "s"));
                }
            }
            if (!status.isOk()) {
                synchronized (err) {
                    err.println("ERROR: " + status.code() + ": " + status.message());
                }
            }
            return ExitCodes.of(status.isOk() ? StatusCode.OK : status.code());
        }

        private void headers(CallStream<DynamicMessage, DynamicMessage> s) throws InterruptedException {
            Metadata h = s.headers(Duration.ZERO);
            synchronized (err) {
                err.println("Response headers received:");
                err.println(metadataText(h));
                err.println();
            }
        }
    }
}
