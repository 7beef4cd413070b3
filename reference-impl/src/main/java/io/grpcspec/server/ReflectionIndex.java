package io.grpcspec.server;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import io.grpcspec.proto.reflection.v1.ErrorResponse;
import io.grpcspec.proto.reflection.v1.ExtensionNumberResponse;
import io.grpcspec.proto.reflection.v1.ExtensionRequest;
import io.grpcspec.proto.reflection.v1.FileDescriptorResponse;
import io.grpcspec.proto.reflection.v1.ListServiceResponse;
import io.grpcspec.proto.reflection.v1.ServerReflectionRequest;
import io.grpcspec.proto.reflection.v1.ServerReflectionResponse;
import io.grpcspec.proto.reflection.v1.ServiceResponse;
import io.grpcspec.rpc.ProtoSymbols;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.traceability.Enforces;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What server reflection can tell about one server, and the answer to each question: the
 * registered services' names, and the proto files of those that carry a descriptor, with every
 * file they import, indexed by file name, by symbol and by extension. Immutable once built; one
 * index serves every reflection stream of the server, under both service names (v1, v1alpha).
 */
final class ReflectionIndex {
    private final List<String> services;
    private final Map<String, FileDescriptor> filesByName = new LinkedHashMap<>();
    private final Map<String, GenericDescriptor> symbols = new HashMap<>();
    /** Extended type → extension number → the file declaring it. */
    private final Map<String, Map<Integer, FileDescriptor>> extensions = new HashMap<>();

    ReflectionIndex(List<ServiceDefinition> registered) {
        this.services = registered.stream().map(ServiceDefinition::name).sorted().toList();
        for (ServiceDefinition d : registered) {
            if (d.proto() != null) addWithImports(d.proto().getFile());
        }
    }

    /** The service names {@link ReflectionRules#RF_1} lists. */
    @Enforces("RF-1")
    List<String> services() {
        return services;
    }

    /** One answer per request ({@link ReflectionRules#RF_6}: the request and host repeated). */
    @Enforces({"RF-3", "RF-6", "RF-7"})
    ServerReflectionResponse answer(ServerReflectionRequest request) {
        ServerReflectionResponse.Builder r = ServerReflectionResponse.newBuilder()
                .setValidHost(request.getHost())
                .setOriginalRequest(request);
        return switch (request.getMessageRequestCase()) {
            case LIST_SERVICES -> r.setListServicesResponse(listServices()).build();
            case FILE_BY_FILENAME -> files(r, filesByName.get(request.getFileByFilename()), "file", request.getFileByFilename());
            case FILE_CONTAINING_SYMBOL -> files(r, fileDefining(strip(request.getFileContainingSymbol())),
                    "symbol", request.getFileContainingSymbol());
            case FILE_CONTAINING_EXTENSION -> fileContainingExtension(r, request.getFileContainingExtension());
            case ALL_EXTENSION_NUMBERS_OF_TYPE -> extensionNumbers(r, strip(request.getAllExtensionNumbersOfType()));
            // RF_7: nothing asked; answer, and let the client go on.
            case MESSAGEREQUEST_NOT_SET -> error(r, StatusCode.INVALID_ARGUMENT, "the request asks nothing (message_request not set)");
        };
    }

    /** {@link ReflectionRules#RF_1}. */
    @Enforces("RF-1")
    private ListServiceResponse listServices() {
        ListServiceResponse.Builder b = ListServiceResponse.newBuilder();
        for (String s : services) b.addService(ServiceResponse.newBuilder().setName(s));
        return b.build();
    }

    /** {@link ReflectionRules#RF_2}: the file first, then everything it imports, each once. */
    @Enforces("RF-2")
    private ServerReflectionResponse files(ServerReflectionResponse.Builder r, FileDescriptor file, String what, String name) {
        if (file == null) return error(r, StatusCode.NOT_FOUND, what + " not found: " + name);
        FileDescriptorResponse.Builder b = FileDescriptorResponse.newBuilder();
        for (FileDescriptor f : withImports(file)) b.addFileDescriptorProto(f.toProto().toByteString());
        return r.setFileDescriptorResponse(b).build();
    }

    /** {@link ReflectionRules#RF_4}. */
    @Enforces("RF-4")
    private ServerReflectionResponse fileContainingExtension(ServerReflectionResponse.Builder r, ExtensionRequest e) {
        Map<Integer, FileDescriptor> byNumber = extensions.get(strip(e.getContainingType()));
        FileDescriptor f = byNumber == null ? null : byNumber.get(e.getExtensionNumber());
        if (f == null) {
            return error(r, StatusCode.NOT_FOUND, "extension not found: " + e.getContainingType() + " #" + e.getExtensionNumber());
        }
        return files(r, f, "extension", e.getContainingType());
    }

    /** {@link ReflectionRules#RF_4}: a known message type may have no extensions; an unknown one is NOT_FOUND. */
    @Enforces("RF-4")
    private ServerReflectionResponse extensionNumbers(ServerReflectionResponse.Builder r, String type) {
        if (!isMessage(type)) {
            return error(r, StatusCode.NOT_FOUND, "message type not found: " + type);
        }
        ExtensionNumberResponse.Builder b = ExtensionNumberResponse.newBuilder().setBaseTypeName(type);
        b.addAllExtensionNumber(new TreeSet<>(extensions.getOrDefault(type, Map.of()).keySet()));
        return r.setAllExtensionNumbersResponse(b).build();
    }

    /** {@link ReflectionRules#RF_5}: a question we cannot answer does not end the stream. */
    @Enforces("RF-5")
    private static ServerReflectionResponse error(ServerReflectionResponse.Builder r, StatusCode code, String message) {
        return r.setErrorResponse(ErrorResponse.newBuilder().setErrorCode(code.value()).setErrorMessage(message)).build();
    }

    // ---------------------------------------------------------------- building

    private void addWithImports(FileDescriptor root) {
        for (FileDescriptor f : withImports(root)) {
            if (filesByName.putIfAbsent(f.getName(), f) == null) indexSymbols(f);
        }
    }

    /**
     * {@link ReflectionRules#RF_3}: every fully-qualified name a file defines;
     * {@link ReflectionRules#RF_4}: its extensions by extended type and number.
     */
    @Enforces({"RF-3", "RF-4"})
    private void indexSymbols(FileDescriptor f) {
        for (Map.Entry<String, GenericDescriptor> e : ProtoSymbols.of(f).entrySet()) {
            symbols.putIfAbsent(e.getKey(), e.getValue());
            if (e.getValue() instanceof FieldDescriptor x && x.isExtension()) {
                extensions.computeIfAbsent(x.getContainingType().getFullName(), k -> new TreeMap<>()).putIfAbsent(x.getNumber(), f);
            }
        }
    }

    private FileDescriptor fileDefining(String symbol) {
        GenericDescriptor d = symbols.get(symbol);
        return d == null ? null : d.getFile();
    }

    /** Whether {@code fullName} names a message type (nested ones too). */
    private boolean isMessage(String fullName) {
        return symbols.get(fullName) instanceof Descriptor;
    }

    /** {@code root}, then its imports breadth first, each file once. */
    private static List<FileDescriptor> withImports(FileDescriptor root) {
        Set<String> seen = new LinkedHashSet<>();
        List<FileDescriptor> out = new ArrayList<>();
        Deque<FileDescriptor> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            FileDescriptor f = todo.removeFirst();
            if (!seen.add(f.getName())) continue;
            out.add(f);
            todo.addAll(f.getDependencies());
        }
        return Collections.unmodifiableList(out);
    }

    /** grpcurl and others may send a leading '.' (a fully-qualified name in descriptor syntax). */
    private static String strip(String name) {
        return ProtoSymbols.strip(name);
    }
}
