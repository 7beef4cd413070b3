package io.grpcspec.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the catalogue rules a test checks, e.g. {@code @Checks({"FC-4", "FC-5"})}. The rule
 * index ({@code ./grpcspec rules}) and the coverage test read these from the test sources, so a
 * rule without a test, or a test naming an unknown rule, fails the build.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Checks {
    String[] value();
}
