package io.grpcspec.oracle.check;

import io.grpcspec.spec.Rule;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One check of a server: a scripted conversation, the rules it checks (the main one first), and
 * what the server must offer for it to run at all.
 *
 * @param id     stable name: the main rule and a slug, e.g. {@code SET-6/max-frame-size-too-small}
 * @param title  what is checked, one line
 * @param rules  the rules the script's expectations check, main rule first
 * @param needs  what the server must offer; a scenario whose needs are not met is skipped
 * @param script the conversation
 */
public record Scenario(String id, String title, List<Rule> rules, Set<Need> needs, Script script) {

    /** What a scenario needs from the server beyond HTTP/2. */
    public enum Need {
        /** {@code grpc.testing.TestService} (EmptyCall, UnaryCall): calls that succeed, or stay open waiting for a request. */
        TEST_SERVICE,
        /** An announced SETTINGS_MAX_CONCURRENT_STREAMS of at most {@link Scenario#MAX_STREAMS_TO_FILL}. */
        CONCURRENCY_LIMIT,
        /** An announced SETTINGS_MAX_HEADER_LIST_SIZE. */
        HEADER_LIST_LIMIT,
        /** PING policing (the --policy says the server has a minimum interval). */
        PING_POLICING
    }

    /** The most streams a scenario opens to reach the server's concurrency limit. */
    public static final long MAX_STREAMS_TO_FILL = 1000;

    /** A scripted conversation; it returns normally when the server did what the rules require. */
    @FunctionalInterface
    public interface Script {
        void run(Conversation c) throws IOException;
    }

    public Scenario {
        Objects.requireNonNull(id);
        Objects.requireNonNull(title);
        Objects.requireNonNull(script);
        rules = List.copyOf(rules);
        needs = Set.copyOf(needs);
        if (rules.isEmpty()) throw new IllegalArgumentException(id + " checks no rule");
        if (!id.startsWith(rules.get(0).id() + "/")) throw new IllegalArgumentException(id + " must start with its main rule");
    }

    /** The main rule. */
    public Rule rule() {
        return rules.get(0);
    }

    /** The area it is reported under: its main rule's. */
    public String area() {
        return rule().area();
    }

    /** Whether {@code only} (areas, rule IDs or scenario IDs; empty: everything) selects this scenario. */
    public boolean selectedBy(List<String> only) {
        if (only.isEmpty()) return true;
        for (String o : only) {
            if (o.equals(id) || o.equals(area())) return true;
            for (Rule r : rules) if (r.id().equals(o)) return true;
        }
        return false;
    }

    /** Why the server cannot be checked by this scenario, or null when it can. */
    String unmet(ServerFacts facts, PingPolicy policy) {
        for (Need n : needs) {
            String why = switch (n) {
                case TEST_SERVICE -> facts.testService() ? null
                        : "the server does not serve grpc.testing.TestService (EmptyCall: " + facts.testServiceAnswer() + ")";
                case CONCURRENCY_LIMIT -> facts.maxConcurrentStreams() <= MAX_STREAMS_TO_FILL ? null
                        : facts.maxConcurrentStreams() == io.grpcspec.spec.connection.Settings.UNLIMITED
                        ? "the server announces no SETTINGS_MAX_CONCURRENT_STREAMS"
                        : "the server's SETTINGS_MAX_CONCURRENT_STREAMS " + facts.maxConcurrentStreams() + " is above " + MAX_STREAMS_TO_FILL;
                case HEADER_LIST_LIMIT -> facts.maxHeaderListSize() != io.grpcspec.spec.connection.Settings.UNLIMITED ? null
                        : "the server announces no SETTINGS_MAX_HEADER_LIST_SIZE";
                case PING_POLICING -> policy.enforced() ? null : "--policy says the server does not police PINGs";
            };
            if (why != null) return why;
        }
        return null;
    }
}
