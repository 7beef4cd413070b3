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
 * The catalogue, the tests and spec/ agree: every rule has a test, every test names real rules,
 * every rule's enforcing code can be found, and each spec file's rule table is the generated one.
 * The source scan covers all modules, so rules checked only by property-tests count too.
 */
class RuleCoverageTest {

    private final RuleIndex index = RuleIndex.scan(Root.project());

    @Test
    void catalogueIsLargeEnoughToBeASpec() {
        assertTrue(index.entries().size() >= 90, "the catalogue has " + index.entries().size() + " rules; issue #3 asks for at least 90");
    }

    @Test
    void everyRuleHasATest() {
        List<String> untested = index.entries().stream()
                .filter(e -> e.testedBy().isEmpty()).map(e -> e.rule().id()).toList();
        assertEquals(List.of(), untested, "rules without a @Checks test");
    }

    @Test
    void everyRuleNamesTheCodeThatEnforcesIt() {
        List<String> unenforced = index.entries().stream()
                .filter(e -> e.enforcedIn().isEmpty()).map(e -> e.rule().id()).toList();
        assertEquals(List.of(), unenforced, "rules no main-source class refers to");
    }

    @Test
    void testsNameOnlyExistingRules() {
        assertEquals(List.of(), index.unknownReferences(), "@Checks names rules that are not in the catalogue");
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
