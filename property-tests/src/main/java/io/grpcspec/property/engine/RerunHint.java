package io.grpcspec.property.engine;

import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the JUnit test that is running a property, to print the exact Maven command that
 * reruns it. Looks up the call stack for the first method carrying a JUnit test annotation
 * (so helpers and lambdas between the test and the engine do not matter); the module is the
 * folder holding the test's pom.xml.
 */
final class RerunHint {
    private static final Set<String> TEST_ANNOTATIONS = Set.of(
            "org.junit.jupiter.api.Test", "org.junit.jupiter.api.RepeatedTest",
            "org.junit.jupiter.params.ParameterizedTest", "org.junit.jupiter.api.TestFactory",
            "org.junit.jupiter.api.TestTemplate");
    private static final String DEFAULT_MODULE = "property-tests";

    /** A test method as Surefire's {@code -Dtest} wants it, and its Maven module. */
    record Caller(String test, String module) {}

    private RerunHint() {}

    static Optional<Caller> locate() {
        List<StackWalker.StackFrame> frames = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(s -> s.filter(f -> !isPlatform(f.getDeclaringClass())).toList());
        // A JUnit test method is never an engine class, so look for it first; fall back to the
        // first caller outside the engine (a property run from a main method, say).
        StackWalker.StackFrame chosen = frames.stream()
                .filter(f -> isTestMethod(f.getDeclaringClass(), f.getMethodName()))
                .findFirst()
                .orElseGet(() -> frames.stream().filter(f -> !isEngine(f.getDeclaringClass())).findFirst().orElse(null));
        if (chosen == null) return Optional.empty();
        Class<?> c = chosen.getDeclaringClass();
        String simple = c.getName().substring(c.getName().lastIndexOf('.') + 1);
        return Optional.of(new Caller(simple + "#" + chosen.getMethodName(), module(c)));
    }

    /** The command that reruns {@code caller} with {@code seed}, or with its pinned seed. */
    static String command(Optional<Caller> caller, long seed, boolean seedPinned) {
        String module = caller.map(Caller::module).orElse(DEFAULT_MODULE);
        String test = caller.map(Caller::test).orElse("<TestClass>#<method>");
        String base = "mvn -B -pl " + module + " -am test -Dtest='" + test + "' -Dsurefire.failIfNoSpecifiedTests=false";
        if (seedPinned) return base + "   (the seed is pinned in code with .seed(...), so the test reruns it as is)";
        return base + " -Dgrpcspec.seed=" + seed;
    }

    /** Engine classes live in this module's main output; its tests do not, so they are callers. */
    private static boolean isEngine(Class<?> c) {
        URL engine = location(Property.class);
        URL here = location(c);
        if (engine != null && here != null) return engine.equals(here);
        return c.getPackageName().equals(Property.class.getPackageName());
    }

    private static boolean isPlatform(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("jdk.") || n.startsWith("sun.") || n.startsWith("org.junit.");
    }

    private static boolean isTestMethod(Class<?> c, String name) {
        try {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.getName().equals(name)) continue;
                for (var a : m.getAnnotations()) {
                    if (TEST_ANNOTATIONS.contains(a.annotationType().getName())) return true;
                }
            }
        } catch (LinkageError | SecurityException e) {
            return false;
        }
        return false;
    }

    private static String module(Class<?> c) {
        try {
            URL url = location(c);
            if (url == null || !"file".equals(url.getProtocol())) return DEFAULT_MODULE;
            for (Path p = Path.of(url.toURI()); p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("pom.xml"))) return p.getFileName().toString();
            }
        } catch (Exception e) {
            // Only a hint: fall back to the usual module.
        }
        return DEFAULT_MODULE;
    }

    private static URL location(Class<?> c) {
        CodeSource cs = c.getProtectionDomain() == null ? null : c.getProtectionDomain().getCodeSource();
        return cs == null ? null : cs.getLocation();
    }
}
