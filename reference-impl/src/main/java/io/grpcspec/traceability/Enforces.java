package io.grpcspec.traceability;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method that implements a behaviour rule of the catalogue, e.g.
 * {@code @Enforces("HP-13")} on the HPACK decoder method that evicts entries. It is for rules
 * no Violation carries: rules about what we send or how we compute (a Violation built with a
 * rule's constant already shows where the rule is enforced and needs no marker).
 *
 * <p>The rule index ({@code oracle.RuleIndex}, {@code ./grpcspec rules}) reads these markers
 * from the sources, with comments and strings stripped, and the coverage test rejects a marker
 * naming a rule the catalogue does not have. The annotation lives in this package, the bottom
 * layer below {@code wire}, so that every layer (the codecs too, which cannot see {@code spec})
 * can mark its methods; the package depends on nothing but the JDK.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface Enforces {
    /** Rule IDs such as {@code "HP-13"}. */
    String[] value();
}
