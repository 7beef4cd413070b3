package io.grpcspec.oracle;

import io.grpcspec.spec.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where each catalogue rule is enforced and which tests check it, found by reading the sources
 * of a checkout: code that names the rule constant (e.g. the FC-4 constant) enforces it, and test
 * methods annotated {@code @Checks({"FC-4"})} check it.
 *
 * <p>Reading sources (instead of a hand-kept list) means the index cannot drift from the code;
 * the coverage test and {@code ./grpcspec rules} both use it.
 */
public final class RuleIndex {

    /** One rule with its area, the main-source classes that name it, and the tests that check it. */
    public record Entry(Rule rule, RuleCatalogue.Area area, List<String> enforcedIn, List<String> testedBy) {}

    /** A {@code @Checks} id that names no rule, and where. */
    public record UnknownReference(String id, String test) {}

    /** A rule constant name such as {@code FC_4}, as a whole word. */
    private static final Pattern CONSTANT = Pattern.compile("\\b([A-Z]+_[0-9]+)\\b");
    private static final Pattern CHECKS = Pattern.compile("@Checks\\s*\\(\\s*(\\{[^}]*}|\"[^\"]*\")\\s*\\)");
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern METHOD = Pattern.compile("\\b(?:void|[A-Z][\\w<>,\\s]*?)\\s+(\\w+)\\s*\\(");
    private static final Pattern TYPE = Pattern.compile("\\b(?:class|record|interface|enum)\\s+(\\w+)");

    private final Map<String, Entry> entries;
    private final List<UnknownReference> unknown;
    private final boolean sourcesFound;

    private RuleIndex(Map<String, Entry> entries, List<UnknownReference> unknown, boolean sourcesFound) {
        this.entries = entries;
        this.unknown = unknown;
        this.sourcesFound = sourcesFound;
    }

    /** The index of the checkout at {@code root}; with no sources there, only the catalogue. */
    public static RuleIndex scan(Path root) {
        Map<String, TreeSet<String>> enforced = new LinkedHashMap<>();
        Map<String, TreeSet<String>> tested = new LinkedHashMap<>();
        List<UnknownReference> unknown = new ArrayList<>();
        List<Rule> rules = RuleCatalogue.all();
        boolean found = root != null && Files.isDirectory(root.resolve("reference-impl/src/main/java"));
        if (found) {
            for (Path file : javaFiles(root, "main")) {
                String text = read(file);
                String cls = simpleName(file);
                if (cls.endsWith("Rules")) continue; // the declarations themselves
                Matcher ref = CONSTANT.matcher(text);
                while (ref.find()) {
                    String id = ref.group(1).replace('_', '-');
                    if (RuleCatalogue.byId(id) != null) enforced.computeIfAbsent(id, k -> new TreeSet<>()).add(cls);
                }
            }
            for (Path file : javaFiles(root, "test")) {
                String text = read(file);
                Matcher m = CHECKS.matcher(text);
                while (m.find()) {
                    String where = simpleName(file) + annotatedMember(text, m.end());
                    Matcher s = STRING.matcher(m.group(1));
                    while (s.find()) {
                        String id = s.group(1);
                        if (RuleCatalogue.byId(id) == null) unknown.add(new UnknownReference(id, where));
                        else tested.computeIfAbsent(id, k -> new TreeSet<>()).add(where);
                    }
                }
            }
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Rule r : rules) {
            entries.put(r.id(), new Entry(r, RuleCatalogue.areaOf(r),
                    List.copyOf(enforced.getOrDefault(r.id(), new TreeSet<>())),
                    List.copyOf(tested.getOrDefault(r.id(), new TreeSet<>()))));
        }
        return new RuleIndex(entries, List.copyOf(unknown), found);
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    public Entry entry(String id) {
        return entries.get(id);
    }

    public List<UnknownReference> unknownReferences() {
        return unknown;
    }

    /** False when the index was built without a source checkout (only the catalogue is known). */
    public boolean sourcesFound() {
        return sourcesFound;
    }

    /** "#method" for an annotation on a method, "" for one on a type. */
    private static String annotatedMember(String text, int from) {
        Matcher method = METHOD.matcher(text);
        Matcher type = TYPE.matcher(text);
        int mAt = method.find(from) ? method.start() : Integer.MAX_VALUE;
        int tAt = type.find(from) ? type.start() : Integer.MAX_VALUE;
        return mAt < tAt ? "#" + method.group(1) : "";
    }

    private static List<Path> javaFiles(Path root, String kind) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                Path src = module.resolve("src").resolve(kind).resolve("java");
                if (!Files.isDirectory(src)) continue;
                try (Stream<Path> walk = Files.walk(src)) {
                    walk.filter(p -> p.toString().endsWith(".java")).sorted(Comparator.naturalOrder()).forEach(files::add);
                }
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
