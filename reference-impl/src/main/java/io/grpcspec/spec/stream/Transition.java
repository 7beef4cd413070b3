package io.grpcspec.spec.stream;

import io.grpcspec.wire.ErrorCode;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;

/** What the stream state machine says about one frame in one state. */
public sealed interface Transition {

    /** Legal: the stream moves to {@code state} (possibly the same) with {@code closure}. */
    record Legal(StreamState state, Closure closure) implements Transition {}

    /**
     * Legal but dropped: a late frame on a closed stream that gets minimal processing only
     * (header blocks are still HPACK-decoded, DATA still counts against the connection window).
     */
    record Discard(Rule rule) implements Transition {}

    /**
     * The peer broke {@code rule}, and the RFC lets the receiver choose the answer (a MAY): by
     * default the frame is dropped like a {@link Discard} and the fault reported; with strict
     * answers it is {@link Illegal} with {@code code} and {@code scope}.
     */
    record Tolerated(Rule rule, ErrorCode code, Scope scope) implements Transition {}

    /** Illegal: {@code rule} is broken; the connection or the stream ends with {@code code}. */
    record Illegal(Rule rule, ErrorCode code, Scope scope) implements Transition {}
}
