package io.grpcspec.spec;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of the rule catalogue: a stable ID such as {@code FC-4}, how binding it is, the
 * source section it comes from, and a one-line statement in our own words.
 *
 * <p>Rules are declared as constants in one small class per area (for example
 * {@code spec.flow.FlowControlRules}); {@code oracle.RuleCatalogue} gathers them all.
 */
public record Rule(String id, Level level, String source, String statement) {

    private static final Pattern ID = Pattern.compile("[A-Z]+-[0-9]+");

    /** RFC 2119 keyword of the rule's source text. */
    public enum Level { MUST, SHOULD, MAY }

    public Rule {
        Objects.requireNonNull(level);
        Objects.requireNonNull(source);
        Objects.requireNonNull(statement);
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("bad rule id " + id);
    }

    public static Rule must(String id, String source, String statement) {
        return new Rule(id, Level.MUST, source, statement);
    }

    public static Rule should(String id, String source, String statement) {
        return new Rule(id, Level.SHOULD, source, statement);
    }

    public static Rule may(String id, String source, String statement) {
        return new Rule(id, Level.MAY, source, statement);
    }

    /** The area prefix: {@code FC} for {@code FC-4}. */
    public String area() {
        return id.substring(0, id.indexOf('-'));
    }

    @Override
    public String toString() {
        return id;
    }
}
