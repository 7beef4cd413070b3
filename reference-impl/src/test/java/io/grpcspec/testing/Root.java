package io.grpcspec.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Paths of the checkout and of {@code ../shared}, as tests see them. */
public final class Root {
    private Root() {}

    /** The checkout root: {@code -Dgrpcspec.root} (set by the build), else found upwards from the working dir. */
    public static Path project() {
        String p = System.getProperty("grpcspec.root");
        if (p != null && !p.isBlank() && Files.isDirectory(Paths.get(p, "spec"))) return Paths.get(p).toAbsolutePath();
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("spec")) && Files.exists(dir.resolve("reference-impl/pom.xml"))) return dir;
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the grpcspec checkout from " + Paths.get("").toAbsolutePath());
    }

    /** {@code ../shared/vectors} beside the checkout (may not exist: tests then skip). */
    public static Path vectors() {
        return project().resolveSibling("shared").resolve("vectors");
    }
}
