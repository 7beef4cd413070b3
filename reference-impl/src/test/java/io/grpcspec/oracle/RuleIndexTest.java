package io.grpcspec.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.grpcspec.testing.GeneratedBlocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule index on a small fixture checkout: only code and real test-method annotations count,
 * so a rule named only in prose, a commented-out {@code @Checks}, one on a class or a helper, and
 * one inside a string are all reported as what they are: no enforcement, no test, or a problem.
 * This is what makes {@link RuleCoverageTest} able to fail.
 */
class RuleIndexTest {

    @TempDir
    Path root;

    private RuleIndex index;

    @BeforeEach
    void fixture() throws IOException {
        write("reference-impl/src/main/java/io/grpcspec/spec/flow/FlowControlRules.java", """
                package io.grpcspec.spec.flow;
                public final class FlowControlRules {
                    public static final Rule FC_13 = Rule.must("FC-13", "x", "declared, never used");
                }
                """);
        write("reference-impl/src/main/java/io/grpcspec/spec/flow/Window.java", """
                package io.grpcspec.spec.flow;

                import static io.grpcspec.spec.flow.FlowControlRules.FC_2;
                import static io.grpcspec.spec.flow.FlowControlRules.FC_3; // imported, never used
                import io.grpcspec.traceability.Enforces;

                /** Enforces {@link FlowControlRules#FC_4} in prose only; FC_5 too. */
                final class Window {
                    static final String NOTE = "FlowControlRules.FC_6 in a string";
                    static final String BLOCK = \"""
                            FlowControlRules.FC_7 in a text block
                            \""";
                    static final int FC_8 = 8; // a look-alike name, not the rule constant

                    Step<Window> credit(long n) {
                        if (n < 0) return Step.connectionError(FlowControlRules.FC_1, ErrorCode.FLOW_CONTROL_ERROR, "negative");
                        if (n > 10) return Step.streamError(FC_2, ErrorCode.FLOW_CONTROL_ERROR, 1, "too much");
                        // return Step.connectionError(FlowControlRules.FC_9, ...);
                        /* FlowControlRules.FC_10 */
                        return Step.next(this);
                    }

                    @Enforces("FC-11")
                    Window shrink() { return this; }

                    @Enforces({"FC-99"})
                    Window unknown() { return this; }
                }
                """);
        write("reference-impl/src/main/java/io/grpcspec/oracle/Scenario.java", """
                package io.grpcspec.oracle;
                final class Scenario {
                    Object expected() { return io.grpcspec.spec.flow.FlowControlRules.FC_10; } // a verdict's expectation
                }
                """);
        write("property-tests/src/main/java/io/grpcspec/property/model/Expect.java", """
                package io.grpcspec.property.model;
                final class Expect {
                    Object rule() { return io.grpcspec.spec.flow.FlowControlRules.FC_12; } // a test's expectation, not enforcement
                }
                """);
        write("reference-impl/src/test/java/io/grpcspec/spec/flow/WindowTest.java", """
                package io.grpcspec.spec.flow;

                import io.grpcspec.testing.Checks;
                import org.junit.jupiter.api.Test;
                import org.junit.jupiter.params.ParameterizedTest;

                @Checks("FC-3")
                class WindowTest {
                    @Test
                    @Checks({"FC-1", "FC-2"})
                    void negativeCreditIsAConnectionError() {}

                    // @Test @Checks("FC-4") void commentedOut() {}

                    /* @Test
                       @Checks("FC-5") void blockCommented() {} */

                    @Test
                    void stringOnly() { String s = "@Checks(\\"FC-6\\")"; }

                    @Checks("FC-7")
                    private void helper() {}

                    @ParameterizedTest
                    @ValueSource(ints = {1, 2})
                    @Checks("FC-11")
                    void shrinks(int n) {}

                    @Test
                    @Checks({"FC-1", "XX-1"})
                    void namesAnUnknownRule() {}
                }
                """);
        write("property-tests/src/test/java/io/grpcspec/property/WindowPropertyTest.java", """
                package io.grpcspec.property;
                class WindowPropertyTest {
                    @org.junit.jupiter.api.Test
                    @io.grpcspec.testing.Checks("FC-12")
                    void inAnotherModule() {}
                }
                """);
        index = RuleIndex.scan(root);
    }

    @Test
    void codeThatBuildsAViolationWithTheConstantEnforcesIt() {
        assertEquals(List.of("Window"), index.entry("FC-1").enforcedIn(), "qualified constant");
        assertEquals(List.of("Window"), index.entry("FC-2").enforcedIn(), "statically imported constant");
    }

    @Test
    void aMarkerOnAMethodEnforcesABehaviourRule() {
        assertEquals(List.of("Window"), index.entry("FC-11").enforcedIn());
    }

    @Test
    void proseStringsImportsLookAlikesAndTheDeclarationDoNotEnforce() {
        for (String id : List.of("FC-3", "FC-4", "FC-5", "FC-6", "FC-7", "FC-8", "FC-9", "FC-10", "FC-13")) {
            assertEquals(List.of(), index.entry(id).enforcedIn(), id);
        }
        assertEquals(List.of(), index.entry("FC-12").enforcedIn(), "only reference-impl's main code is the implementation");
        assertEquals(List.of(), index.entry("FC-10").enforcedIn(), "the oracle judges rules, it does not implement them");
        assertTrue(index.unenforced().containsAll(List.of("FC-4", "FC-5", "FC-9", "FC-13")), index.unenforced().toString());
        assertFalse(index.unenforced().contains("FC-1"));
    }

    @Test
    void onlyAnnotatedTestMethodsInAnyModuleTest() {
        assertEquals(List.of("WindowTest#namesAnUnknownRule", "WindowTest#negativeCreditIsAConnectionError"), index.entry("FC-1").testedBy());
        assertEquals(List.of("WindowTest#shrinks"), index.entry("FC-11").testedBy());
        assertEquals(List.of("WindowPropertyTest#inAnotherModule"), index.entry("FC-12").testedBy());
        for (String id : List.of("FC-3", "FC-4", "FC-5", "FC-6", "FC-7")) {
            assertEquals(List.of(), index.entry(id).testedBy(), id + ": class-level, commented out, in a string or on a helper");
            assertTrue(index.untested().contains(id), id);
        }
    }

    @Test
    void misplacedAndUnknownMarkersAreProblems() {
        List<String> problems = index.problems().stream().map(RuleIndex.Problem::toString).toList();
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.contains("Window.java:26: @Enforces names FC-99, which is not in the catalogue"), problems.toString());
        assertTrue(problems.contains("WindowTest.java:7: @Checks on a type: only a test method counts"), problems.toString());
        assertTrue(problems.contains("WindowTest.java:21: @Checks on helper, which is not a test method (no @Test or another JUnit test annotation)"), problems.toString());
        assertTrue(problems.contains("WindowTest.java:30: @Checks names XX-1, which is not in the catalogue"), problems.toString());
    }

    @Test
    void aTableBuiltFromOtherSourcesIsStale() {
        assumeFalse(GeneratedBlocks.regenerating(), "regenerating would write the fixture's table into spec/");
        String table = RuleTables.markdown(index, "FC");
        assertTrue(table.contains("| FC-4 | MUST |") && table.contains("| — | — |"), table);
        assertThrows(AssertionError.class, () -> GeneratedBlocks.check("spec/flow-control.md", "rules", table));
    }

    @Test
    void withoutSourcesOnlyTheCatalogueIsKnown() {
        RuleIndex none = RuleIndex.scan(root.resolve("nowhere"));
        assertFalse(none.sourcesFound());
        assertEquals(RuleCatalogue.all().size(), none.entries().size());
        assertEquals(RuleCatalogue.all().size(), none.unenforced().size());
    }

    private void write(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
