package io.grpcspec.spec.connection;

import io.grpcspec.spec.Role;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One endpoint's side of the SETTINGS exchange, RFC 9113 §6.5.3.
 *
 * <p>{@code local} are our settings the peer has acknowledged: they bind what the peer sends
 * us. {@code pending} are the settings we sent and that wait for an ACK, oldest first, each
 * entry the full value that takes effect when its ACK comes (ACKs arrive in send order, one per
 * frame). {@code remote} are the peer's settings: they bind what we send and change on receipt.
 *
 * @param ackTimeoutNanos how long to wait for an ACK before SETTINGS_TIMEOUT; 0 turns the timer
 *     off (the default: grpc-go and grpc-java do not time ACKs out)
 */
public record SettingsExchange(Role role, Settings local, List<Settings> pending, Settings remote, long ackTimeoutNanos) {

    public SettingsExchange {
        pending = List.copyOf(pending);
    }

    /** Both sides at the RFC defaults ({@link SettingsRules#SET_1}), nothing sent yet. */
    @Enforces("SET-1")
    public static SettingsExchange initial(Role role, long ackTimeoutNanos) {
        return new SettingsExchange(role, Settings.DEFAULT, List.of(), Settings.DEFAULT, ackTimeoutNanos);
    }

    /** What we will have once every outstanding SETTINGS frame is acknowledged. */
    public Settings target() {
        return pending.isEmpty() ? local : pending.get(pending.size() - 1);
    }

    /**
     * Sends a SETTINGS frame with {@code changes}. Values we would reject from a peer are a local
     * programming error and throw, as does a server announcing ENABLE_PUSH = 1 ({@link SettingsRules#SET_4}).
     */
    public static Step<SettingsExchange> send(SettingsExchange ex, List<Setting> changes) {
        for (Setting s : changes) {
            if (ex.role == Role.SERVER && s.id() == SettingId.ENABLE_PUSH && s.value() != 0) {
                throw new IllegalArgumentException("a server must not announce SETTINGS_ENABLE_PUSH = " + s.value());
            }
            Optional<Violation> v = SettingsValidation.check(Role.SERVER, s);
            if (v.isPresent()) throw new IllegalArgumentException("refusing to send " + v.get());
        }
        List<Settings> pending = new ArrayList<>(ex.pending);
        pending.add(ex.target().withAll(changes));
        List<Action> actions = new ArrayList<>();
        actions.add(new Actions.WriteFrame(new SettingsFrame(false, changes)));
        if (ex.ackTimeoutNanos > 0 && ex.pending.isEmpty()) {
            actions.add(new Actions.ArmTimer(Timer.SETTINGS_ACK, ex.ackTimeoutNanos));
        }
        return Step.next(new SettingsExchange(ex.role, ex.local, pending, ex.remote, ex.ackTimeoutNanos), actions);
    }

    /** A SETTINGS frame from the peer: an ACK of ours, or the peer's own settings. */
    public static Step<SettingsExchange> receive(SettingsExchange ex, SettingsFrame frame) {
        return frame.ack() ? acknowledged(ex) : applyPeer(ex, frame.settings());
    }

    /** Applies the peer's values at once and answers with one ACK ({@link SettingsRules#SET_9}). */
    @Enforces("SET-9")
    private static Step<SettingsExchange> applyPeer(SettingsExchange ex, List<Setting> settings) {
        Optional<Violation> v = SettingsValidation.check(ex.role, settings);
        if (v.isPresent()) return Step.violated(v.get());
        Settings after = ex.remote.withAll(settings);
        // The change first, then the ACK: the composed machine resizes windows before anything
        // it writes later can be judged against the new values (RFC 9113 §6.5.3 "immediately").
        return Step.next(new SettingsExchange(ex.role, ex.local, ex.pending, after, ex.ackTimeoutNanos),
                new SettingsChange.PeerSettingsApplied(ex.remote, after),
                new Actions.WriteFrame(SettingsFrame.ACK_FRAME));
    }

    /** Our oldest outstanding settings take effect now, ACKs matched in send order ({@link SettingsRules#SET_10}). */
    @Enforces({"SET-10", "SET-11"})
    private static Step<SettingsExchange> acknowledged(SettingsExchange ex) {
        // The RFC says nothing about a surplus ACK; grpc-go ignores every ACK and Netty ignores
        // one with nothing outstanding, nghttp2 ends the connection. Reported, and by default
        // ignored: ending a working connection over it helps no one (strict answers end it).
        if (ex.pending.isEmpty()) {
            return Step.next(ex, new Actions.PeerTolerated(new Violation(SettingsRules.SET_11, ErrorCode.PROTOCOL_ERROR,
                    io.grpcspec.spec.Scope.CONNECTION, 0, "SETTINGS ACK with no SETTINGS of ours outstanding")));
        }
        Settings now = ex.pending.get(0);
        List<Settings> rest = ex.pending.subList(1, ex.pending.size());
        List<Action> actions = new ArrayList<>();
        actions.add(new SettingsChange.LocalSettingsAcknowledged(ex.local, now));
        if (ex.ackTimeoutNanos > 0) {
            actions.add(rest.isEmpty()
                    ? new Actions.CancelTimer(Timer.SETTINGS_ACK)
                    : new Actions.ArmTimer(Timer.SETTINGS_ACK, ex.ackTimeoutNanos));
        }
        return Step.next(new SettingsExchange(ex.role, now, rest, ex.remote, ex.ackTimeoutNanos), actions);
    }

    /** Timer.SETTINGS_ACK fired: SETTINGS_TIMEOUT when an ACK is still owed (SET-12), else stale. */
    public static Step<SettingsExchange> ackTimerFired(SettingsExchange ex) {
        if (ex.ackTimeoutNanos <= 0 || ex.pending.isEmpty()) return Step.next(ex);
        return Step.connectionError(SettingsRules.SET_12, ErrorCode.SETTINGS_TIMEOUT,
                ex.pending.size() + " SETTINGS frame(s) not acknowledged within " + ex.ackTimeoutNanos + " ns");
    }
}
