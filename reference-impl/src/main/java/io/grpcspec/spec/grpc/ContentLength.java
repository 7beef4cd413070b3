package io.grpcspec.spec.grpc;

import io.grpcspec.wire.HeaderField;
import java.util.List;

/**
 * A request's declared {@code content-length} and the DATA octets received so far
 * ({@link RpcRules#RPC_43}, RFC 9113 §8.1.1). A request without the field declares nothing and is
 * never judged by it. Padding is not content: only DATA payloads count.
 *
 * @param declared the declared length, or {@link #NONE_DECLARED}
 * @param received DATA payload octets so far
 */
public record ContentLength(long declared, long received) {

    public static final long NONE_DECLARED = -1;

    /** No content-length: nothing to judge. */
    public static final ContentLength NONE = new ContentLength(NONE_DECLARED, 0);

    /** The result of reading the field: the length to track, or why the field is malformed. */
    public sealed interface Parsed {}

    public record Valid(ContentLength length) implements Parsed {}

    public record Invalid(String detail) implements Parsed {}

    /**
     * Reads every {@code content-length} field. Each must be 1 to 18 decimal digits (a list of
     * identical values, as RFC 9110 §8.6 allows, is read as one); differing values are malformed.
     */
    public static Parsed parse(List<HeaderField> fields) {
        long declared = NONE_DECLARED;
        for (HeaderField f : fields) {
            if (!f.name().equals("content-length")) continue;
            for (String part : f.value().split(",", -1)) {
                String v = part.strip();
                if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return new Invalid("content-length \"" + f.value() + "\" is not a decimal number");
                }
                long n = Long.parseLong(v);
                if (declared != NONE_DECLARED && declared != n) {
                    return new Invalid("content-length values disagree: " + declared + " and " + n);
                }
                declared = n;
            }
        }
        return new Valid(declared == NONE_DECLARED ? NONE : new ContentLength(declared, 0));
    }

    /** {@code n} more DATA octets arrived. */
    public ContentLength add(int n) {
        return new ContentLength(declared, received + n);
    }

    /** Null when the DATA so far fits the declared length; otherwise why not. */
    public String exceeded() {
        return declared != NONE_DECLARED && received > declared
                ? "DATA carries " + received + " octets, more than content-length " + declared : null;
    }

    /** Null when the request may end here; otherwise why its DATA disagrees with the declared length. */
    public String atEnd() {
        return declared != NONE_DECLARED && received != declared
                ? "the request ended after " + received + " DATA octets, content-length said " + declared : null;
    }
}
