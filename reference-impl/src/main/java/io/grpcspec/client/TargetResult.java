package io.grpcspec.client;

import java.util.Objects;

/** Either a parsed value or the {@link TargetError} that prevents it; never an exception. */
public sealed interface TargetResult<T> {

    record Ok<T>(T value) implements TargetResult<T> {
        public Ok {
            Objects.requireNonNull(value);
        }
    }

    record Invalid<T>(TargetError error) implements TargetResult<T> {
        public Invalid {
            Objects.requireNonNull(error);
        }
    }

    static <T> TargetResult<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> TargetResult<T> invalid(TargetError.Kind kind, String target, String detail) {
        return new Invalid<>(new TargetError(kind, target, detail));
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value; throws when invalid (for tests and for callers that checked {@link #isOk()}). */
    default T value() {
        if (this instanceof Ok<T> ok) return ok.value();
        throw new IllegalStateException(((Invalid<T>) this).error().toString());
    }

    /** The error; throws when the result is ok. */
    default TargetError error() {
        if (this instanceof Invalid<T> bad) return bad.error();
        throw new IllegalStateException("target is valid: " + this);
    }
}
