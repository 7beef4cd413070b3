package io.grpcspec.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;

/**
 * Every jcstress test of the suite, run without concurrency: its actors one after another in
 * every order, then its arbiter. Each serial order is a legal interleaving, so its outcome must
 * be one the test declares ACCEPTABLE (or INTERESTING); a FORBIDDEN or undeclared one means the
 * outcome space, the scenario or the code is wrong, and is found here in a second instead of
 * as a jcstress failure later. The unsafe variants of the teeth tests pass here too: they fail
 * only under concurrency. The actor that runs the writer loop (it blocks until a close is
 * queued; named "...Writer") runs last. Termination-mode tests (an actor that must return once
 * signalled) have no serial order to speak of and are left to jcstress.
 */
class SerialOrdersTest {


    /** Every jcstress test the annotation processor listed: the suite (main) and the unsafe variants (test sources). */
    static List<Class<?>> listed() throws IOException {
        Set<String> names = new TreeSet<>();
        Enumeration<URL> lists = SerialOrdersTest.class.getClassLoader().getResources("META-INF/TestList");
        while (lists.hasMoreElements()) {
            try (InputStream in = lists.nextElement().openStream()) {
                Matcher m = Pattern.compile("(io\\.grpcspec\\.stress\\.[A-Za-z.]+Stress)").matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) names.add(m.group(1));
            }
        }
        List<Class<?>> tests = new ArrayList<>();
        for (String n : names) {
            try {
                Class<?> c = Class.forName(n);
                if (c.isAnnotationPresent(JCStressTest.class)) tests.add(c);
            } catch (ClassNotFoundException e) {
                fail("listed but not found: " + n);
            }
        }
        return tests;
    }

    @Test
    void theSuiteHasAtLeastSixteenTestsAndTheTeethAreApart() throws IOException {
        List<Class<?>> tests = listed();
        List<Class<?>> suite = tests.stream().filter(c -> !c.getName().contains(".teeth.")).toList();
        assertTrue(suite.size() >= 16, "jcstress tests in the suite: " + suite);
        assertTrue(tests.size() - suite.size() >= 3, "teeth tests: " + tests);
        for (Class<?> c : suite) {
            assertTrue(c.getProtectionDomain().getCodeSource().getLocation().getPath().contains("/classes/"),
                    c + " should be compiled from main sources, where the jcstress jar takes it from");
        }
    }

    /**
     * jcstress leaves out of a run every test with more actors than the CPUs it may use, and CI
     * has two: a third actor would make a test that never runs there ({@code ReportCheck} then
     * fails the build, but this says why at once).
     */
    @Test
    void everyTestFitsOnTwoCpus() throws IOException {
        for (Class<?> c : listed()) {
            long actors = Arrays.stream(c.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Actor.class)).count();
            assertTrue(actors >= 1 && actors <= 2, c.getSimpleName() + " has " + actors + " actors; CI has 2 CPUs");
        }
    }

    @TestFactory
    Stream<DynamicTest> everySerialOrderEndsInAnAcceptableOutcome() throws IOException {
        return listed().stream()
                .filter(c -> c.getAnnotation(JCStressTest.class).value() != Mode.Termination)
                .map(c -> DynamicTest.dynamicTest(c.getSimpleName(), () -> checkSerialOrders(c)));
    }

    private static void checkSerialOrders(Class<?> test) throws Exception {
        List<Method> actors = new ArrayList<>();
        Method arbiter = null;
        for (Method m : test.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Actor.class)) actors.add(m);
            if (m.isAnnotationPresent(Arbiter.class)) arbiter = m;
        }
        actors.sort(Comparator.comparing(Method::getName));
        int orders = 0;
        for (List<Method> order : permutations(actors)) {
            if (order.stream().anyMatch(SerialOrdersTest::isWriter) && !isWriter(order.get(order.size() - 1))) continue;
            Object state = test.getDeclaredConstructor().newInstance();
            Object result = resultType(actors, arbiter).getDeclaredConstructor().newInstance();
            for (Method m : order) call(m, state, result);
            if (arbiter != null) call(arbiter, state, result);
            String outcome = result.toString();
            Expect expect = expectation(test, outcome);
            String names = order.stream().map(Method::getName).toList().toString();
            assertTrue(expect == Expect.ACCEPTABLE || expect == Expect.ACCEPTABLE_INTERESTING,
                    test.getSimpleName() + " " + names + " ended in \"" + outcome + "\", declared " + expect);
            orders++;
        }
        assertTrue(orders > 0, "no serial order ran");
    }

    /** By the suite's convention, the actor that goes on to run the writer loop is named "...Writer". */
    private static boolean isWriter(Method m) {
        return m.getName().endsWith("Writer");
    }

    private static Class<?> resultType(List<Method> actors, Method arbiter) {
        if (arbiter != null && arbiter.getParameterCount() == 1) return arbiter.getParameterTypes()[0];
        for (Method m : actors) if (m.getParameterCount() == 1) return m.getParameterTypes()[0];
        throw new AssertionError("no result object");
    }

    private static void call(Method m, Object state, Object result) throws Exception {
        try {
            if (m.getParameterCount() == 1) m.invoke(state, result);
            else m.invoke(state);
        } catch (InvocationTargetException e) {
            throw new AssertionError(m.getName() + " threw", e.getCause());
        }
    }

    /** What the test's @Outcome annotations say of {@code outcome} (ids are regular expressions, as jcstress reads them). */
    static Expect expectation(Class<?> test, String outcome) {
        Expect fallback = null;
        for (Outcome o : test.getAnnotationsByType(Outcome.class)) {
            if (o.id().length == 0) {
                fallback = o.expect();
                continue;
            }
            for (String id : o.id()) if (outcome.matches(id)) return o.expect();
        }
        assertEquals(Expect.FORBIDDEN, fallback, test.getSimpleName() + ": an undeclared outcome must be forbidden");
        return fallback;
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) return List.of(List.of());
        List<List<T>> out = new ArrayList<>();
        for (T first : items) {
            List<T> rest = new ArrayList<>(items);
            rest.remove(first);
            for (List<T> tail : permutations(rest)) {
                List<T> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                out.add(order);
            }
        }
        return out;
    }
}
