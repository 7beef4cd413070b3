package io.grpcspec.bench.peer;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * grpc-java's server (Netty, plaintext h2c) with the same Greeter and TestService methods our
 * {@code ./grpcspec serve} offers ({@link PeerServices}): the peer the comparison measures us
 * against. {@code --executor direct} runs handlers on Netty's event loop ({@code directExecutor()},
 * grpc-java's fastest tuning); {@code default} uses its default executor, a cached thread pool.
 * Prints {@code grpc-java: serving on HOST:PORT ...} once listening; stops on SIGTERM.
 */
@Command(name = "grpc-java-server", mixinStandardHelpOptions = true,
        description = "grpc-java's Netty server with Greeter and TestService, plaintext, for the benchmarks.")
public final class GrpcJavaServer implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "0", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--executor", defaultValue = "direct",
            description = "direct (handlers on the event loop) or default (grpc-java's cached thread pool) (default: ${DEFAULT-VALUE}).")
    String executor;

    public static void main(String[] args) {
        System.exit(new CommandLine(new GrpcJavaServer()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .addService(PeerServices.greeter())
                .addService(PeerServices.testService());
        switch (executor) {
            case "direct" -> b.directExecutor();
            case "default" -> { }
            default -> {
                System.err.println("grpc-java-server: --executor is direct or default, not " + executor);
                return 2;
            }
        }
        Server server = b.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            try {
                if (!server.awaitTermination(2, TimeUnit.SECONDS)) server.shutdownNow();
            } catch (InterruptedException e) {
                server.shutdownNow();
            }
        }, "grpc-java-server-stop"));
        System.out.println("grpc-java: serving on " + host + ":" + server.getPort() + " (plaintext, executor " + executor + ")");
        System.out.flush();
        server.awaitTermination();
        return 0;
    }
}
