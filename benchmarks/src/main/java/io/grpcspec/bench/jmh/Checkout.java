package io.grpcspec.bench.jmh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Where the checkout and the shared HPACK corpus are, as a benchmark run sees them: the corpus
 * lives in {@code ../shared/vectors/hpack-test-case} beside the checkout and is read at run time,
 * never copied into the repository.
 */
public final class Checkout {
    private Checkout() {}

    /** Overrides the corpus folder (the one holding {@code nghttp2/}, {@code raw-data/}, ...). */
    public static final String VECTORS_PROPERTY = "grpcspec.vectors";

    /** The checkout root: {@code -Dgrpcspec.root}, else found upwards from the working directory. */
    public static Optional<Path> root() {
        String p = System.getProperty("grpcspec.root");
        if (p != null && !p.isBlank() && Files.isDirectory(Paths.get(p, "spec"))) return Optional.of(Paths.get(p).toAbsolutePath());
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("spec")) && Files.exists(dir.resolve("reference-impl/pom.xml"))) return Optional.of(dir);
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    /**
     * The hpack-test-case folder, or a sentence saying where it was looked for: the
     * {@code -Dgrpcspec.vectors} folder, else {@code ../shared/vectors/hpack-test-case} beside the checkout.
     */
    public static Path hpackCorpus() {
        String override = System.getProperty(VECTORS_PROPERTY);
        Path dir;
        if (override != null && !override.isBlank()) {
            dir = Paths.get(override).toAbsolutePath();
        } else {
            Path root = root().orElseThrow(() -> new MissingCorpusException(
                    "cannot find the grpcspec checkout from " + Paths.get("").toAbsolutePath()
                            + " (run from inside it, or pass -Dgrpcspec.root=DIR or -D" + VECTORS_PROPERTY + "=DIR)"));
            dir = root.resolveSibling("shared").resolve("vectors").resolve("hpack-test-case");
        }
        if (!Files.isDirectory(dir)) {
            throw new MissingCorpusException("HPACK corpus not found at " + dir
                    + " (expected ../shared/vectors/hpack-test-case beside the checkout, or -D" + VECTORS_PROPERTY
                    + "=DIR): the HPACK benchmarks are skipped");
        }
        return dir;
    }

    /** The corpus is absent: JMH prints this message and goes on with the other benchmarks. */
    public static final class MissingCorpusException extends IllegalStateException {
        public MissingCorpusException(String message) {
            super(message);
        }
    }
}
