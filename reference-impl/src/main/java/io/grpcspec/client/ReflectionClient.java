package io.grpcspec.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpcspec.proto.reflection.v1.ExtensionRequest;
import io.grpcspec.proto.reflection.v1.ServerReflectionRequest;
import io.grpcspec.proto.reflection.v1.ServerReflectionResponse;
import io.grpcspec.proto.reflection.v1.ServiceResponse;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.rpc.services.ReflectionMethods;
import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.spec.grpc.StatusCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A server-reflection client (gRPC "server-reflection.md") on one long-lived stream: asks
 * {@code grpc.reflection.v1} first and, when the server answers UNIMPLEMENTED before any
 * answer, {@code grpc.reflection.v1alpha} (as grpcurl does). Builds the protobuf
 * {@link FileDescriptor}s of the files it is sent, fetching imports it was not sent by name,
 * and keeps them for the life of the client. Not thread-safe: one question at a time.
 */
public final class ReflectionClient implements AutoCloseable {

    /** Why a reflection question got no answer. */
    public static final class ReflectionException extends Exception {
        /** What went wrong, as far as a caller needs to tell. */
        public enum Kind {
            /** The server has neither reflection service (both UNIMPLEMENTED). */
            UNSUPPORTED,
            /** The server answered with an error_response (NOT_FOUND for an unknown name). */
            ERROR_RESPONSE,
            /** The stream failed: the connection, a deadline, a bad answer. */
            FAILED
        }

        private final Kind kind;
        private final StatusCode code;

        ReflectionException(Kind kind, StatusCode code, String message) {
            super(message);
            this.kind = kind;
            this.code = code;
        }

        public Kind kind() {
            return kind;
        }

        /** The status code of the error response or of the failed stream. */
        public StatusCode code() {
            return code;
        }
    }

    private final Channel channel;
    private final Metadata metadata;
    private final Duration wait;
    private final Map<String, FileDescriptor> files = new HashMap<>();
    private CallStream<ServerReflectionRequest, ServerReflectionResponse> stream;
    private MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> method = ReflectionMethods.INFO_V1;
    private boolean answered;

    /**
     * @param metadata request metadata of the reflection stream (may be null)
     * @param wait     how long to wait for each answer
     */
    public ReflectionClient(Channel channel, Metadata metadata, Duration wait) {
        this.channel = Objects.requireNonNull(channel);
        this.metadata = metadata;
        this.wait = Objects.requireNonNull(wait);
    }

    /** The service name answering, once a question was answered: v1 or v1alpha. */
    public String serviceName() {
        return method.serviceName();
    }

    /** The services the server lists, in its order. */
    public List<String> listServices() throws ReflectionException, InterruptedException {
        ServerReflectionResponse r = ask(ServerReflectionRequest.newBuilder().setListServices("").build());
        if (!r.hasListServicesResponse()) throw unexpected(r);
        return r.getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList();
    }

    /** The file defining {@code symbol} (a fully-qualified name), built with its imports. */
    public FileDescriptor fileContainingSymbol(String symbol) throws ReflectionException, InterruptedException {
        return filesOf(ask(ServerReflectionRequest.newBuilder().setFileContainingSymbol(symbol).build()));
    }

    /** The file named {@code name}, built with its imports. */
    public FileDescriptor fileByFilename(String name) throws ReflectionException, InterruptedException {
        FileDescriptor known = files.get(name);
        if (known != null) return known;
        return filesOf(ask(ServerReflectionRequest.newBuilder().setFileByFilename(name).build()));
    }

    /** The file declaring extension {@code number} of message type {@code type}. */
    public FileDescriptor fileContainingExtension(String type, int number) throws ReflectionException, InterruptedException {
        return filesOf(ask(ServerReflectionRequest.newBuilder().setFileContainingExtension(
                ExtensionRequest.newBuilder().setContainingType(type).setExtensionNumber(number)).build()));
    }

    /** The extension numbers the server knows for message type {@code type}. */
    public List<Integer> allExtensionNumbersOfType(String type) throws ReflectionException, InterruptedException {
        ServerReflectionResponse r = ask(ServerReflectionRequest.newBuilder().setAllExtensionNumbersOfType(type).build());
        if (!r.hasAllExtensionNumbersResponse()) throw unexpected(r);
        return r.getAllExtensionNumbersResponse().getExtensionNumberList();
    }

    /** Ends the stream. */
    @Override
    public void close() {
        if (stream != null) {
            stream.halfClose();
            stream.close();
            stream = null;
        }
    }

    // ---------------------------------------------------------------- the stream

    private ServerReflectionResponse ask(ServerReflectionRequest request) throws ReflectionException, InterruptedException {
        while (true) {
            if (stream == null) stream = CallStream.start(channel, method, CallOptions.DEFAULT, metadata);
            try {
                stream.send(request);
                ServerReflectionResponse r = stream.next(wait);
                if (r == null) {
                    stream = null;
                    throw new ReflectionException(ReflectionException.Kind.FAILED, StatusCode.INTERNAL,
                            "the server ended the reflection stream without answering");
                }
                answered = true;
                if (r.hasErrorResponse()) {
                    StatusCode code = StatusCode.known(r.getErrorResponse().getErrorCode());
                    throw new ReflectionException(ReflectionException.Kind.ERROR_RESPONSE, code == null ? StatusCode.UNKNOWN : code,
                            r.getErrorResponse().getErrorMessage());
                }
                return r;
            } catch (StatusException e) {
                stream = null;
                if (e.code() == StatusCode.UNIMPLEMENTED && !answered) {
                    if (method == ReflectionMethods.INFO_V1) {
                        method = ReflectionMethods.INFO_V1ALPHA;
                        continue;
                    }
                    throw new ReflectionException(ReflectionException.Kind.UNSUPPORTED, e.code(),
                            "the server does not support reflection (" + ReflectionMethods.SERVICE_V1 + " and "
                                    + ReflectionMethods.SERVICE_V1ALPHA + " are UNIMPLEMENTED)");
                }
                throw new ReflectionException(ReflectionException.Kind.FAILED, e.code(), e.code() + ": " + e.status().message());
            }
        }
    }

    /** Builds the answer's first file; imports come from the answer, from earlier answers, or are asked for. */
    private FileDescriptor filesOf(ServerReflectionResponse r) throws ReflectionException, InterruptedException {
        if (!r.hasFileDescriptorResponse() || r.getFileDescriptorResponse().getFileDescriptorProtoCount() == 0) throw unexpected(r);
        Map<String, FileDescriptorProto> sent = new HashMap<>();
        String first = null;
        for (ByteString b : r.getFileDescriptorResponse().getFileDescriptorProtoList()) {
            FileDescriptorProto p;
            try {
                p = FileDescriptorProto.parseFrom(b);
            } catch (InvalidProtocolBufferException e) {
                throw new ReflectionException(ReflectionException.Kind.FAILED, StatusCode.INTERNAL,
                        "the server sent a file descriptor that does not parse: " + e.getMessage());
            }
            if (first == null) first = p.getName();
            sent.putIfAbsent(p.getName(), p);
        }
        return build(first, sent, new ArrayList<>());
    }

    private FileDescriptor build(String name, Map<String, FileDescriptorProto> sent, List<String> path)
            throws ReflectionException, InterruptedException {
        FileDescriptor known = files.get(name);
        if (known != null) return known;
        if (path.contains(name)) {
            throw new ReflectionException(ReflectionException.Kind.FAILED, StatusCode.INTERNAL, "import cycle: " + path + " -> " + name);
        }
        FileDescriptorProto p = sent.get(name);
        if (p == null) {
            // Not in this answer (a server may send each file once per stream): ask for it.
            return fileByFilename(name);
        }
        path.add(name);
        List<FileDescriptor> deps = new ArrayList<>();
        for (String d : p.getDependencyList()) deps.add(build(d, sent, path));
        path.remove(name);
        try {
            FileDescriptor f = FileDescriptor.buildFrom(p, deps.toArray(new FileDescriptor[0]));
            files.put(name, f);
            return f;
        } catch (DescriptorValidationException e) {
            throw new ReflectionException(ReflectionException.Kind.FAILED, StatusCode.INTERNAL,
                    "the server's descriptor of " + name + " is not valid: " + e.getMessage());
        }
    }

    private static ReflectionException unexpected(ServerReflectionResponse r) {
        return new ReflectionException(ReflectionException.Kind.FAILED, StatusCode.INTERNAL,
                "unexpected reflection answer: " + r.getMessageResponseCase());
    }
}
