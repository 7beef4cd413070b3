package io.grpcspec.cli;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import java.util.List;

/**
 * Where {@code call}, {@code list} and {@code describe} learn the services and messages of a
 * server: its reflection service ({@link ReflectionSource}, the default), FileDescriptorSets given
 * with {@code --protoset} ({@link ProtosetSource}), or the protos built into grpcspec
 * ({@link BuiltInSource}, what {@code call} falls back on when a server has no reflection).
 */
sealed interface DescriptorSource permits ReflectionSource, ProtosetSource, BuiltInSource {

    /** The fully-qualified service names, sorted. */
    List<String> services() throws CliFailure;

    /** The descriptor of a fully-qualified symbol (service, method, message, enum, field ...), or null. */
    GenericDescriptor find(String symbol) throws CliFailure;

    /** Says where the descriptors come from, for -v and error messages. */
    String origin();

    /** The message type named {@code fullName}, or null (also when looking it up failed). */
    default Descriptor message(String fullName) {
        try {
            return find(fullName) instanceof Descriptor d ? d : null;
        } catch (CliFailure e) {
            return null;
        }
    }
}
