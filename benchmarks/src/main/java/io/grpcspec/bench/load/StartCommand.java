package io.grpcspec.bench.load;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Process start → first call: picks a free port, launches the server command (every
 * {@code {PORT}} in it replaced by that port), and from the moment of launch tries raw
 * connections every half millisecond until a SayHello is answered. Prints
 * {@code start_first_call_ms}, {@code pid} and {@code port}, and leaves the server running for
 * the measurements that follow (the caller stops it by PID). Its output goes to {@code --log}.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Launch a server and time it to its first answered call; leaves it running.")
final class StartCommand implements Callable<Integer> {

    @Option(names = "--log", required = true, description = "File for the server's standard output and error.")
    File log;

    @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait for the first answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The server command; {PORT} is replaced by the port.")
    List<String> command;

    /** A server that answered: its process, port and the time from launch to its first answer. */
    record Started(Process process, int port, double millis) {}

    @Override
    public Integer call() throws Exception {
        try {
            Started s = launch(command, log, timeoutSeconds);
            Load.emit("start_first_call_ms", s.millis());
            Load.emit("pid", s.process().pid());
            Load.emit("port", s.port());
            return 0;
        } catch (IOException e) {
            System.err.println("start: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Launches {@code command} ({PORT} replaced) with its output in {@code log} and waits for its
     * first answered SayHello. Fails, having stopped it, if it exits first or does not answer in time.
     */
    static Started launch(List<String> command, File log, int timeoutSeconds) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        for (String a : command) cmd.add(a.replace("{PORT}", Integer.toString(port)));
        warmUp(port);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("the server exited with status " + p.exitValue() + " before answering; its output:\n"
                        + Files.readString(log.toPath()));
            }
            try (RawConnection c = RawConnection.open("127.0.0.1", port, 2_000)) {
                Greeting.call(c);
                return new Started(p, port, (System.nanoTime() - t0) / 1e6);
            } catch (IOException e) {
                last = e;
                TimeUnit.MICROSECONDS.sleep(500);
            }
        }
        p.destroyForcibly();
        throw new IOException("no answer within " + timeoutSeconds + " s (last attempt: " + last + "); the server was stopped");
    }

    /** Loads the client's classes before the clock starts: its codec once, and a connect to the not yet used port. */
    private static void warmUp(int port) {
        RawConnection.warmUp();
        try {
            Greeting.check(io.grpcspec.proto.helloworld.HelloReply.newBuilder().setMessage(Greeting.EXPECTED).build().toByteArray());
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        try (RawConnection c = RawConnection.open("127.0.0.1", port, 200)) {
            Greeting.call(c);
        } catch (IOException expected) {
            // nobody listens there yet
        }
    }
}
