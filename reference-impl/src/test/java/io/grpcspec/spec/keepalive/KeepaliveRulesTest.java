package io.grpcspec.spec.keepalive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.oracle.RuleCatalogue;
import io.grpcspec.testing.Checks;
import io.grpcspec.spec.Rule;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Area KA is whole: every rule is in the catalogue and named by at least one test here. */
class KeepaliveRulesTest {

    static final List<Class<?>> TESTS = List.of(PingResponderTest.class, KeepalivePingerTest.class,
            PingEnforcerTest.class, ConnectionManagerTest.class, KeepaliveTablesTest.class);

    @Test
    void everyKeepaliveRuleIsCataloguedAndChecked() {
        Set<String> declared = RuleCatalogue.all().stream().filter(r -> r.area().equals("KA"))
                .map(Rule::id).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(16, declared.size(), declared.toString());
        Set<String> named = new TreeSet<>();
        for (Class<?> c : TESTS) {
            for (Method m : c.getDeclaredMethods()) {
                Checks checks = m.getAnnotation(Checks.class);
                if (checks != null) named.addAll(List.of(checks.value()));
            }
        }
        assertTrue(declared.containsAll(named), "tests name unknown rules: " + named);
        assertEquals(declared, named, "rules without a test");
        for (String id : declared) {
            Rule r = RuleCatalogue.byId(id);
            assertFalse(r.statement().contains("\n"), id);
            assertTrue(r.source().startsWith("RFC 9113 §6.7") || r.source().startsWith("gRFC A"), id + " " + r.source());
            assertEquals("spec/keepalive.md", RuleCatalogue.areaOf(r).specFile());
        }
    }
}
