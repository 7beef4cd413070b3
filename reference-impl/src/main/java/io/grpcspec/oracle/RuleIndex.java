package io.grpcspec.oracle;

import io.grpcspec.oracle.JavaTokens.Kind;
import io.grpcspec.oracle.JavaTokens.Token;
import io.grpcspec.spec.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Where each catalogue rule is enforced and which tests check it, found by reading the sources
 * of a checkout as Java tokens, so that comments and string literals never count:
 *
 * <ul>
 *   <li><b>Enforced</b> in a class of {@code reference-impl/src/main/java}, outside the
 *       {@code oracle} and {@code cli} packages (which judge and report rules, not implement them),
 *       whose code refers to
 *       the rule's constant (qualified, {@code FlowControlRules.FC_4}, or through a static import
 *       of it; the import line itself does not count), which is how a Violation is built with the
 *       rule, or whose method carries {@code @Enforces({"FC-4"})}
 *       ({@link io.grpcspec.traceability.Enforces}) for a behaviour rule no Violation carries.
 *       The area's own {@code *Rules} class, where the constants are declared, does not count.</li>
 *   <li><b>Tested</b> by a test method, in any module's {@code src/test/java}, that carries both a
 *       JUnit test annotation ({@code @Test}, {@code @ParameterizedTest}, {@code @TestFactory},
 *       {@code @RepeatedTest}, {@code @TestTemplate}) and {@code @Checks({"FC-4"})}.</li>
 * </ul>
 *
 * <p>What breaks these definitions is a {@link Problem}: an {@code @Checks} or {@code @Enforces}
 * naming a rule the catalogue does not have, or placed where it proves nothing (on a type, on a
 * method that is not a test, with no literal rule ID). The coverage test and
 * {@code ./grpcspec rules} both use this index.
 */
public final class RuleIndex {

    /** One rule with its area, the main-source classes that enforce it, and the test methods that check it. */
    public record Entry(Rule rule, RuleCatalogue.Area area, List<String> enforcedIn, List<String> testedBy) {}

    /** A marker that proves nothing as written: {@code where} is {@code File:line}. */
    public record Problem(String where, String what) {
        @Override
        public String toString() {
            return where + ": " + what;
        }
    }

    /** The module whose main sources are the implementation; other modules' main code (model checker, stress) only tests. */
    static final String IMPLEMENTATION = "reference-impl";
    /** Packages of the implementation module that name rules to judge or show them (verdicts, scenarios, listings). */
    private static final List<String> NOT_IMPLEMENTATION = List.of("io.grpcspec.oracle.", "io.grpcspec.cli.");

    private static final Set<String> TEST_ANNOTATIONS =
            Set.of("Test", "ParameterizedTest", "TestFactory", "RepeatedTest", "TestTemplate");
    private static final Set<String> MODIFIERS = Set.of("public", "protected", "private", "static", "final",
            "abstract", "default", "synchronized", "native", "strictfp", "transient", "volatile", "sealed");
    private static final Set<String> TYPE_KEYWORDS = Set.of("class", "interface", "enum", "record");

    private final Map<String, Entry> entries;
    private final List<Problem> problems;
    private final boolean sourcesFound;

    private RuleIndex(Map<String, Entry> entries, List<Problem> problems, boolean sourcesFound) {
        this.entries = entries;
        this.problems = problems;
        this.sourcesFound = sourcesFound;
    }

    /** The index of the checkout at {@code root}; with no sources there, only the catalogue. */
    public static RuleIndex scan(Path root) {
        Map<String, TreeSet<String>> enforced = new HashMap<>();
        Map<String, TreeSet<String>> tested = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        Path main = root == null ? null : root.resolve(IMPLEMENTATION).resolve("src/main/java");
        boolean found = main != null && Files.isDirectory(main);
        if (found) {
            Map<String, RuleCatalogue.Area> declaringFiles = new HashMap<>();
            for (RuleCatalogue.Area a : RuleCatalogue.AREAS) declaringFiles.put(a.rules().getName(), a);
            for (Path file : javaFiles(main)) {
                String fqn = main.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                if (declaringFiles.containsKey(fqn.substring(0, fqn.length() - ".java".length()))) continue;
                if (NOT_IMPLEMENTATION.stream().anyMatch(fqn::startsWith)) continue;
                scanMain(file, enforced, problems);
            }
            for (Path file : testFiles(root)) scanTest(file, tested, problems);
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Rule r : RuleCatalogue.all()) {
            entries.put(r.id(), new Entry(r, RuleCatalogue.areaOf(r),
                    List.copyOf(enforced.getOrDefault(r.id(), new TreeSet<>())),
                    List.copyOf(tested.getOrDefault(r.id(), new TreeSet<>()))));
        }
        return new RuleIndex(entries, List.copyOf(problems), found);
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    public Entry entry(String id) {
        return entries.get(id);
    }

    /** IDs of the rules no implementation class enforces, by the definition above. */
    public List<String> unenforced() {
        return entries.values().stream().filter(e -> e.enforcedIn().isEmpty()).map(e -> e.rule().id()).toList();
    }

    /** IDs of the rules no test method checks, by the definition above. */
    public List<String> untested() {
        return entries.values().stream().filter(e -> e.testedBy().isEmpty()).map(e -> e.rule().id()).toList();
    }

    /** Markers that name unknown rules or sit where they prove nothing; empty in a healthy checkout. */
    public List<Problem> problems() {
        return problems;
    }

    /** False when the index was built without a source checkout (only the catalogue is known). */
    public boolean sourcesFound() {
        return sourcesFound;
    }

    // ---- main sources: constant references and @Enforces ----

    private static void scanMain(Path file, Map<String, TreeSet<String>> enforced, List<Problem> problems) {
        List<Token> t = JavaTokens.of(read(file));
        String cls = simpleName(file);
        Set<String> imported = new HashSet<>(); // rule constant names statically imported, or AREA:* for a whole rules class
        int i = 0;
        while (i < t.size()) {
            Token tok = t.get(i);
            if (tok.is(Kind.IDENT, "import") || tok.is(Kind.IDENT, "package")) {
                int end = i;
                while (end < t.size() && !t.get(end).punct(';')) end++;
                if (tok.text().equals("import")) staticImport(t.subList(i + 1, end), imported);
                i = end + 1;
                continue;
            }
            if (tok.punct('@') && i + 1 < t.size() && !t.get(i + 1).is(Kind.IDENT, "interface")) {
                Run run = run(t, i);
                for (Annotation a : run.annotations()) {
                    if (!a.name().equals("Enforces")) continue;
                    String where = file.getFileName() + ":" + a.line();
                    if (run.kind() != Decl.METHOD) {
                        problems.add(new Problem(where, "@Enforces on a " + run.kind().label + ": only a method that implements the rule counts"));
                        continue;
                    }
                    for (String id : ids(a, where, "@Enforces", problems)) enforced.computeIfAbsent(id, k -> new TreeSet<>()).add(cls);
                }
                i = run.end();
                continue;
            }
            if (tok.kind() == Kind.IDENT && tok.text().matches("[A-Z]+_[0-9]+")) {
                Rule r = RuleCatalogue.byId(tok.text().replace('_', '-'));
                if (r != null && refersToConstant(t, i, r, imported)) enforced.computeIfAbsent(r.id(), k -> new TreeSet<>()).add(cls);
            }
            i++;
        }
    }

    /** Records {@code import static <rules class>.FC_4;} as "FC_4" and {@code import static <rules class>.*;} as "FC:*". */
    private static void staticImport(List<Token> decl, Set<String> imported) {
        if (decl.isEmpty() || !decl.get(0).is(Kind.IDENT, "static")) return;
        StringBuilder name = new StringBuilder();
        for (Token k : decl.subList(1, decl.size())) name.append(k.text());
        String s = name.toString();
        int dot = s.lastIndexOf('.');
        if (dot < 0) return;
        String owner = s.substring(0, dot);
        String member = s.substring(dot + 1);
        for (RuleCatalogue.Area a : RuleCatalogue.AREAS) {
            if (!a.rules().getName().equals(owner)) continue;
            imported.add(member.equals("*") ? a.prefix() + ":*" : member);
        }
    }

    /** Whether the identifier at {@code i} is the catalogue's constant for {@code r}, not a look-alike name. */
    private static boolean refersToConstant(List<Token> t, int i, Rule r, Set<String> imported) {
        RuleCatalogue.Area area = RuleCatalogue.areaOf(r);
        if (i >= 2 && t.get(i - 1).punct('.')) {
            return t.get(i - 2).is(Kind.IDENT, area.rules().getSimpleName());
        }
        return imported.contains(t.get(i).text()) || imported.contains(area.prefix() + ":*");
    }

    // ---- test sources: @Checks on test methods ----

    private static void scanTest(Path file, Map<String, TreeSet<String>> tested, List<Problem> problems) {
        List<Token> t = JavaTokens.of(read(file));
        String cls = simpleName(file);
        int i = 0;
        while (i < t.size()) {
            if (!(t.get(i).punct('@') && i + 1 < t.size() && !t.get(i + 1).is(Kind.IDENT, "interface"))) {
                i++;
                continue;
            }
            Run run = run(t, i);
            boolean isTest = run.annotations().stream().anyMatch(a -> TEST_ANNOTATIONS.contains(a.name()));
            for (Annotation a : run.annotations()) {
                if (!a.name().equals("Checks")) continue;
                String where = file.getFileName() + ":" + a.line();
                if (run.kind() != Decl.METHOD) {
                    problems.add(new Problem(where, "@Checks on a " + run.kind().label + ": only a test method counts"));
                } else if (!isTest) {
                    problems.add(new Problem(where, "@Checks on " + run.name() + ", which is not a test method (no @Test or another JUnit test annotation)"));
                } else {
                    for (String id : ids(a, where, "@Checks", problems)) tested.computeIfAbsent(id, k -> new TreeSet<>()).add(cls + "#" + run.name());
                }
            }
            i = run.end();
        }
    }

    // ---- declarations: a run of annotations and modifiers, then what they annotate ----

    private enum Decl {
        METHOD("method"), TYPE("type"), OTHER("field, parameter or local variable");

        final String label;

        Decl(String label) {
            this.label = label;
        }
    }

    private record Annotation(String name, List<Token> args, int line) {}

    /** Annotations (with modifiers between them) from a start token, what follows them, its name, and the index after the run. */
    private record Run(List<Annotation> annotations, Decl kind, String name, int end) {}

    private static Run run(List<Token> t, int from) {
        List<Annotation> anns = new ArrayList<>();
        int i = from;
        while (i < t.size()) {
            Token k = t.get(i);
            if (k.punct('@') && i + 1 < t.size() && t.get(i + 1).kind() == Kind.IDENT && !t.get(i + 1).text().equals("interface")) {
                int line = k.line();
                i++;
                String name = t.get(i).text();
                i++;
                while (i + 1 < t.size() && t.get(i).punct('.') && t.get(i + 1).kind() == Kind.IDENT) {
                    name = t.get(i + 1).text();
                    i += 2;
                }
                List<Token> args = List.of();
                if (i < t.size() && t.get(i).punct('(')) {
                    int close = matching(t, i);
                    args = t.subList(i + 1, Math.max(i + 1, close));
                    i = close + 1;
                }
                anns.add(new Annotation(name, args, line));
            } else if (k.kind() == Kind.IDENT && MODIFIERS.contains(k.text())) {
                i++;
            } else {
                break;
            }
        }
        int end = i;
        // What is annotated: a type declaration, a method (a name then "("), or anything else.
        int depth = 0;
        for (int j = i; j < t.size(); j++) {
            Token k = t.get(j);
            // "record" is a keyword only before a name ("void record(" is a method called record)
            if (k.kind() == Kind.IDENT && TYPE_KEYWORDS.contains(k.text()) && depth == 0
                    && j + 1 < t.size() && t.get(j + 1).kind() == Kind.IDENT) {
                String name = j + 1 < t.size() ? t.get(j + 1).text() : "";
                return new Run(anns, Decl.TYPE, name, end);
            }
            if (k.punct('@') && j + 1 < t.size() && t.get(j + 1).is(Kind.IDENT, "interface")) {
                return new Run(anns, Decl.TYPE, j + 2 < t.size() ? t.get(j + 2).text() : "", end);
            }
            if (k.punct('<')) depth++;
            else if (k.punct('>')) depth--;
            else if (depth <= 0 && k.punct('(')) {
                String name = j > 0 && t.get(j - 1).kind() == Kind.IDENT ? t.get(j - 1).text() : "";
                return new Run(anns, name.isEmpty() ? Decl.OTHER : Decl.METHOD, name, end);
            } else if (depth <= 0 && (k.punct(';') || k.punct('=') || k.punct('{') || k.punct(')') || k.punct(','))) {
                return new Run(anns, Decl.OTHER, "", end);
            }
        }
        return new Run(anns, Decl.OTHER, "", end);
    }

    /** The index of the parenthesis closing the one at {@code open} (or the last token). */
    private static int matching(List<Token> t, int open) {
        int depth = 0;
        for (int j = open; j < t.size(); j++) {
            if (t.get(j).punct('(')) depth++;
            else if (t.get(j).punct(')') && --depth == 0) return j;
        }
        return t.size() - 1;
    }

    /** The catalogue IDs an annotation names; unknown ones and a missing literal are problems. */
    private static List<String> ids(Annotation a, String where, String what, List<Problem> problems) {
        List<String> ids = new ArrayList<>();
        for (Token k : a.args()) {
            if (k.kind() != Kind.STRING) continue;
            if (RuleCatalogue.byId(k.text()) == null) problems.add(new Problem(where, what + " names " + k.text() + ", which is not in the catalogue"));
            else ids.add(k.text());
        }
        if (ids.isEmpty() && a.args().stream().noneMatch(k -> k.kind() == Kind.STRING)) {
            problems.add(new Problem(where, what + " without a literal rule ID"));
        }
        return ids;
    }

    // ---- files ----

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> testFiles(Path root) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                Path src = module.resolve("src/test/java");
                if (Files.isDirectory(src)) files.addAll(javaFiles(src));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String simpleName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".java".length());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
