package io.grpcspec.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the catalogue rules a test method checks, e.g. {@code @Checks({"FC-4", "FC-5"})}, beside
 * its {@code @Test} (or another JUnit test annotation). The rule index ({@code ./grpcspec rules})
 * and the coverage test read these from the test sources with comments and strings stripped: a
 * rule without such a test method, a {@code @Checks} on a method that is not a test, or one
 * naming an unknown rule fails the build. Only methods can carry it: a whole class does not
 * check a rule.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Checks {
    String[] value();
}
