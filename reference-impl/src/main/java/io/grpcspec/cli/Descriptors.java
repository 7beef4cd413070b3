package io.grpcspec.cli;

import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grpcspec.client.Channel;
import io.grpcspec.client.ReflectionClient;
import io.grpcspec.spec.grpc.Metadata;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * The descriptor source and connection of one {@code call}/{@code list}/{@code describe}: a
 * protoset when {@code --protoset} was given (no connection needed for list and describe),
 * otherwise server reflection on a connection to the target. Closing it ends the reflection
 * stream and the channel.
 */
final class Descriptors implements AutoCloseable {
    /** How long one reflection answer may take. */
    private static final Duration REFLECTION_WAIT = Duration.ofSeconds(10);

    final DescriptorSource source;
    /** Null when nothing was dialled. */
    final Channel channel;
    private final ReflectionClient reflection;

    private Descriptors(DescriptorSource source, Channel channel, ReflectionClient reflection) {
        this.source = source;
        this.channel = channel;
        this.reflection = reflection;
    }

    /**
     * @param target    null: only a protoset can describe (list and describe without a target)
     * @param dial      connect even with a protoset (call needs the connection)
     * @param builtInFallback when the server has no reflection, use the built-in protos (call)
     */
    static Descriptors open(TargetOptions o, String target, boolean dial, boolean builtInFallback, Metadata md, PrintWriter err)
            throws CliFailure, InterruptedException {
        o.check();
        if (!o.protosets.isEmpty()) {
            DescriptorSource p = new ProtosetSource(o.protosets);
            return new Descriptors(p, dial ? o.dial(target, err) : null, null);
        }
        if (target == null) throw CliFailure.input("no TARGET to ask by reflection, and no --protoset FILE");
        Channel ch = o.dial(target, err);
        ReflectionClient rc = new ReflectionClient(ch, md, REFLECTION_WAIT);
        return new Descriptors(new ReflectionSource(rc, target, builtInFallback ? new BuiltInSource() : null), ch, rc);
    }

    /** The service named {@code name}; an input failure naming what there is when there is no such service. */
    ServiceDescriptor service(String name) throws CliFailure {
        GenericDescriptor d = source.find(name);
        if (d instanceof ServiceDescriptor s) return s;
        if (d != null) throw CliFailure.input(name + " is " + ProtoText.kind(d) + ", not a service");
        if (source instanceof ReflectionSource r && r.usingFallback()) {
            throw CliFailure.failed(r.target() + ": the server does not support reflection, and " + name
                    + " is not one of grpcspec's built-in services; give its descriptors with --protoset FILE");
        }
        List<String> services = source.services();
        if (services.contains(name)) {
            throw CliFailure.failed(name + " is listed, but " + source.origin() + " has no descriptor for it; give its descriptors with --protoset FILE");
        }
        throw CliFailure.input("unknown service " + name + "; " + source.origin() + " has " + String.join(", ", services));
    }

    @Override
    public void close() {
        if (reflection != null) reflection.close();
        if (channel != null) channel.close();
    }
}
