package io.grpcspec.spec.grpc;

/**
 * The {@code grpc-timeout} request header: {@code TimeoutValue TimeoutUnit}, where the value is
 * 1 to 8 ASCII digits and the unit one of {@code H M S m u n} (gRPC PROTOCOL-HTTP2, Requests).
 */
public final class GrpcTimeout {
    private GrpcTimeout() {}

    /** The largest value the 8-digit field can carry. */
    public static final long MAX_VALUE = 99_999_999L;

    private static final char[] UNITS = {'n', 'u', 'm', 'S', 'M', 'H'};
    private static final long[] NANOS = {1L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L};

    /** What parsing a header value gave: the timeout in nanoseconds, or why it is malformed. */
    public sealed interface Parsed {}

    /** A valid value; {@code nanos} saturates at {@link Long#MAX_VALUE} (99999999H overflows a long). */
    public record Valid(long nanos) implements Parsed {}

    public record Invalid(String reason) implements Parsed {}

    public static Parsed parse(String value) {
        if (value.length() < 2) return new Invalid("grpc-timeout too short: \"" + value + "\"");
        if (value.length() > 9) return new Invalid("grpc-timeout has more than 8 digits: \"" + value + "\"");
        char unit = value.charAt(value.length() - 1);
        int u = unitIndex(unit);
        if (u < 0) return new Invalid("grpc-timeout unit '" + unit + "' is not one of H M S m u n");
        long amount = 0;
        for (int i = 0; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            // Only ASCII digits: no sign, no spaces (Character.isDigit would admit other scripts).
            if (c < '0' || c > '9') return new Invalid("grpc-timeout value is not ASCII digits: \"" + value + "\"");
            amount = amount * 10 + (c - '0');
        }
        long unitNanos = NANOS[u];
        if (amount > Long.MAX_VALUE / unitNanos) return new Valid(Long.MAX_VALUE);
        return new Valid(amount * unitNanos);
    }

    /**
     * The value grpc-go sends for a timeout of {@code nanos}: the largest unit that divides the
     * timeout exactly; when that needs more than 8 digits, the next larger units, rounding up
     * (so a deadline is never shortened by more than the unit, and never lengthened to zero).
     * Zero and negative timeouts are sent as {@code 0S}: the call is already past its deadline.
     */
    public static String format(long nanos) {
        if (nanos <= 0) return "0S";
        int i = UNITS.length - 1;
        while (i > 0 && nanos % NANOS[i] != 0) i--;
        long value = ceilDiv(nanos, NANOS[i]);
        while (value > MAX_VALUE && i + 1 < UNITS.length) {
            i++;
            value = ceilDiv(nanos, NANOS[i]);
        }
        return value + String.valueOf(UNITS[i]);
    }

    private static long ceilDiv(long a, long b) {
        long q = a / b;
        return a % b > 0 ? q + 1 : q;
    }

    private static int unitIndex(char unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i] == unit) return i;
        }
        return -1;
    }
}
