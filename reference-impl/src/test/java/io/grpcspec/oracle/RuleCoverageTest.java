package io.grpcspec.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.testing.GeneratedBlocks;
import io.grpcspec.testing.Root;
import io.grpcspec.spec.Rule;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The catalogue, the code, the tests and spec/ agree, by {@link RuleIndex}'s strict definitions:
 * every rule is enforced by implementation code (a Violation built with its constant, or an
 * {@code @Enforces} marker on the method that implements it; prose never counts), every rule is
 * checked by a test method carrying {@code @Checks} (in any module), no marker names an unknown
 * rule or sits where it proves nothing, and each spec file's rule table is the generated one.
 * {@link RuleIndexTest} shows each of these checks failing on a fixture checkout.
 */
class RuleCoverageTest {

    private final RuleIndex index = RuleIndex.scan(Root.project());

    @Test
    void catalogueIsLargeEnoughToBeASpec() {
        assertTrue(index.entries().size() >= 90, "the catalogue has " + index.entries().size() + " rules; issue #3 asks for at least 90");
    }

    @Test
    void everyRuleHasATest() {
        assertEquals(List.of(), index.untested(), "rules without a test method annotated @Checks");
    }

    @Test
    void everyRuleNamesTheCodeThatEnforcesIt() {
        assertEquals(List.of(), index.unenforced(),
                "rules no implementation code enforces (build a Violation with the constant, or mark the implementing method @Enforces)");
    }

    @Test
    void markersNameOnlyExistingRulesWhereTheyCount() {
        assertEquals(List.of(), index.problems(), "markers that name unknown rules or prove nothing where they are");
    }

    @Test
    void ruleIdsAreUniqueAndWellFormed() {
        List<String> ids = RuleCatalogue.all().stream().map(Rule::id).toList();
        assertEquals(ids.size(), ids.stream().distinct().count());
        assertTrue(ids.stream().allMatch(id -> id.matches("[A-Z]+-[0-9]+")));
    }

    @TestFactory
    List<DynamicTest> eachSpecFileCarriesItsGeneratedRuleTable() {
        return RuleCatalogue.AREAS.stream()
                .map(area -> DynamicTest.dynamicTest(area.specFile() + " (" + area.prefix() + ")", () -> {
                    assertTrue(Files.exists(Root.project().resolve(area.specFile())) || GeneratedBlocks.regenerating(),
                            area.specFile() + " is missing");
                    GeneratedBlocks.check(area.specFile(), "rules", RuleTables.markdown(index, area.prefix()));
                }))
                .collect(Collectors.toList());
    }
}
