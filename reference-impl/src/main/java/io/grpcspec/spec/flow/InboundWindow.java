package io.grpcspec.spec.flow;

import io.grpcspec.traceability.Enforces;

/**
 * The receive side of one flow-control window (a stream's or the connection's): how much the
 * peer may still send, and the bookkeeping that decides when to give credit back.
 *
 * <ul>
 *   <li>{@code window} — the peer's remaining allowance as we see it; DATA lowers it, our
 *       WINDOW_UPDATEs and settings changes raise it.</li>
 *   <li>{@code target} — the window size we aim to keep offering (the initial window).</li>
 *   <li>{@code unconsumed} — bytes received but not yet handed over and consumed.</li>
 *   <li>{@code unannounced} — bytes consumed whose credit is not yet returned (we batch
 *       WINDOW_UPDATEs, see {@link #freed}).</li>
 *   <li>{@code extra} — credit granted on top of {@code target} for a large message
 *       ({@link #ensureRoom}); consumption pays it off before anything is announced again.</li>
 * </ul>
 */
public record InboundWindow(Window window, int target, int unconsumed, int unannounced, int extra) {

    public InboundWindow {
        if (target < 0) throw new IllegalArgumentException("target " + target);
        if (unconsumed < 0 || unannounced < 0 || extra < 0) throw new IllegalArgumentException("negative counter");
    }

    /** A fresh window offering {@code target} bytes. */
    public static InboundWindow of(int target) {
        return new InboundWindow(Window.of(target), target, 0, 0, 0);
    }

    /** A WINDOW_UPDATE decision: the new state and the increment to announce (0: none). */
    public record Credit(InboundWindow window, int increment) {}

    /** True when {@code length} flow-controlled bytes fit into the window. */
    public boolean admits(int length) {
        return length <= window.size();
    }

    /** {@code length} bytes arrived (the caller has checked {@link #admits}). */
    public InboundWindow received(int length) {
        if (!admits(length)) throw new IllegalStateException(length + " bytes exceed window " + window);
        return new InboundWindow(window.changedBy(-length), target, unconsumed + length, unannounced, extra);
    }

    /**
     * {@code n} received bytes are consumed (read by the application, or padding that nobody
     * reads). Credit is paid against {@code extra} first, then collected; once the collected
     * credit reaches a quarter of {@code target} it is announced in one WINDOW_UPDATE — the
     * threshold grpc-go uses (its inFlow sends when pendingUpdate &gt;= limit/4), which keeps the
     * WINDOW_UPDATE rate at a few per window instead of one per DATA frame ({@link FlowControlRules#FC_12}).
     */
    @Enforces("FC-12")
    public Credit freed(int n) {
        if (n < 0 || n > unconsumed) throw new IllegalArgumentException("freed " + n + " of " + unconsumed + " unconsumed");
        int paidOff = Math.min(n, extra);
        int collected = unannounced + (n - paidOff);
        InboundWindow next = new InboundWindow(window, target, unconsumed - n, collected, extra - paidOff);
        if (collected > 0 && collected >= threshold() && window.canChangeBy(collected)) {
            return new Credit(new InboundWindow(window.changedBy(collected), target, unconsumed - n, 0, extra - paidOff),
                    collected);
        }
        return new Credit(next, 0);
    }

    /** The collected credit that triggers a WINDOW_UPDATE: a quarter of the target window. */
    public int threshold() {
        return target / 4;
    }

    /**
     * The application waits for a message of {@code size} bytes, {@code unconsumed} of which are
     * already here. When the rest does not fit into what the sender may still send, grant the
     * whole message size as extra credit (capped so the window stays within 2^31−1), so a message
     * larger than the window cannot stall the stream (grpc-go does the same in maybeAdjust;
     * {@link FlowControlRules#FC_13}).
     */
    @Enforces("FC-13")
    public Credit ensureRoom(int size) {
        long missing = (long) size - unconsumed;
        if (missing <= window.size()) return new Credit(this, 0);
        int grant = (int) Math.min(size, (long) Window.MAX - Math.max(window.size(), 0));
        if (grant <= 0) return new Credit(this, 0);
        return new Credit(new InboundWindow(window.changedBy(grant), target, unconsumed, unannounced, extra + grant), grant);
    }

    /** True when moving the target to {@code newTarget} keeps the window within bounds. */
    public boolean canRetarget(int newTarget) {
        return window.canChangeBy((long) newTarget - target);
    }

    /** Our initial window changed (RFC 9113 §6.9.2): the allowance moves by the difference. */
    public InboundWindow retarget(int newTarget) {
        return new InboundWindow(window.changedBy((long) newTarget - target), newTarget, unconsumed, unannounced, extra);
    }
}
