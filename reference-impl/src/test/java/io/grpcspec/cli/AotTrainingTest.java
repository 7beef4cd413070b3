package io.grpcspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's start-up cache (reference-impl/src/main/scripts/aot-cache.sh and
 * {@link AotTraining}), on a JDK 25+: the helper makes the cache by a training run whose calls are
 * answered, makes it once per jar, again when the jar is newer, never on an older JDK or with
 * GRPCSPEC_AOT=0; and a server started with {@code -XX:AOTMode=on} (which refuses to start
 * rather than run without a usable cache) serves from it.
 */
class AotTrainingTest {
    private static final Path SCRIPT = Path.of("src/main/scripts/aot-cache.sh").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    @Test
    void theHelperMakesACacheOncePerJarAndTheServerStartsFromIt() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs JDK 25+; this is " + Runtime.version());
        Path jar = cliJar();

        String flags = helper(jar, "25", "");
        Matcher m = Pattern.compile("-XX:AOTCache=(\\S+\\.aot)").matcher(flags);
        assertTrue(m.matches(), "flags: " + flags);
        Path cache = Path.of(m.group(1));
        assertTrue(Files.size(cache) > 0, cache + " is empty");
        assertEquals(jar.getParent().resolve("aot"), cache.getParent());
        FileTime made = Files.getLastModifiedTime(cache);

        assertEquals(flags, helper(jar, "25", ""), "the same jar and options use the same cache");
        assertEquals(made, Files.getLastModifiedTime(cache), "and do not make it again");

        Files.setLastModifiedTime(jar, FileTime.fromMillis(made.toMillis() + 5_000));
        assertEquals(flags, helper(jar, "25", ""));
        assertTrue(Files.getLastModifiedTime(cache).compareTo(made) > 0, "a jar newer than the cache makes it again");

        assertEquals("", helper(jar, "21", ""), "no cache before JDK 25");
        assertEquals("", helper(jar, "25", "GRPCSPEC_AOT=0"), "GRPCSPEC_AOT=0 turns it off");

        // AOTMode=on: the JVM exits at once if it cannot use the cache, instead of running without it.
        Path log = dir.resolve("serve.log");
        Process p = new ProcessBuilder(JAVA, "-XX:AOTMode=on", flags, "-jar", jar.toString(), "serve", "--port", "0", "--duration", "1s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "serve did not stop after --duration");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("grpcspec: serving on 127.0.0.1:"), out);
    }

    @Test
    void aTrainingRunWhoseServerCannotStartFailsAndTheHelperGoesOnWithoutACache() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs JDK 25+; this is " + Runtime.version());
        Path empty = dir.resolve("empty.jar");
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(empty), manifest(List.of()))) {
            j.putNextEntry(new JarEntry("nothing.txt"));
        }
        assertEquals("", helper(empty, "25", ""));
        try (Stream<Path> left = Files.list(dir.resolve("aot"))) {
            assertTrue(left.noneMatch(f -> f.toString().endsWith(".aot")), "no cache is left behind");
        }
    }

    /** Runs grpcspec_aot_flags JAVA MAJOR JAR in bash (env: one VAR=value or JVM options); returns what it prints. */
    private String helper(Path jar, String major, String envOrOptions) throws Exception {
        String env = envOrOptions.startsWith("GRPCSPEC_AOT=") ? envOrOptions + " " : "";
        String options = env.isEmpty() ? envOrOptions : "";
        String script = "source '" + SCRIPT + "' && " + env + "grpcspec_aot_flags '" + JAVA + "' " + major + " '" + jar + "' " + options;
        Process p = new ProcessBuilder("bash", "-c", script).redirectError(dir.resolve("helper.err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "helper hung");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("helper.err")));
        return out;
    }

    /** The CLI as one jar, like grpcspec-cli.jar: our classes in it, the libraries on its manifest Class-Path. */
    private Path cliJar() throws IOException {
        Path classes = null;
        List<String> libraries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (Files.isDirectory(p) && Files.exists(p.resolve("io/grpcspec/cli/Main.class"))) classes = p;
            else if (e.endsWith(".jar") && (e.contains("protobuf") || e.contains("picocli"))) libraries.add(p.toUri().toString());
        }
        assertTrue(classes != null, "no class folder with io.grpcspec.cli.Main on " + System.getProperty("java.class.path"));
        Path jar = dir.resolve("grpcspec-cli.jar");
        Path root = classes;
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar), manifest(libraries));
                Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                j.putNextEntry(new JarEntry(root.relativize(f).toString().replace(File.separatorChar, '/')));
                j.write(Files.readAllBytes(f));
            }
        }
        return jar;
    }

    private static Manifest manifest(List<String> classPath) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        if (!classPath.isEmpty()) m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        return m;
    }
}
