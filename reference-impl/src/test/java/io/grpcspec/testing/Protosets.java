package io.grpcspec.testing;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The FileDescriptorSets the build writes with protoc's descriptor-set option (reference-impl's
 * pom): the built-in protos, and the test protos with everything they import. They live in the
 * module's build folder, next to test-classes, whatever that folder is called.
 */
public final class Protosets {
    private Protosets() {}

    /** helloworld, grpc.testing, grpc.health.v1, grpc.reflection.v1 and v1alpha. */
    public static Path main() {
        return find("main/grpcspec.protoset");
    }

    /** grpcspec.test.Boxes with google/protobuf/any.proto. */
    public static Path test() {
        return find("test/grpcspec-test.protoset");
    }

    private static Path find(String name) {
        try {
            Path testClasses = Path.of(Protosets.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path p = testClasses.getParent().resolve("protosets").resolve(name);
            if (!Files.isRegularFile(p)) throw new IllegalStateException(p + " is missing: the protobuf plugin writes it during the build");
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
