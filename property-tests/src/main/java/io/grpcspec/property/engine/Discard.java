package io.grpcspec.property.engine;

/**
 * Thrown through generator and property code to abandon a case that is not a valid test: a
 * filter gave up, an assumption failed, or the case drew more choices than allowed. The engine
 * also remembers the reason on the case itself, so code that swallows this exception still gets
 * its case discarded.
 */
final class Discard extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Discard(String reason) {
        super(reason, null, false, false);
    }
}
