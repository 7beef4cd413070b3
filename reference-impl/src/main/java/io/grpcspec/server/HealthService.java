package io.grpcspec.server;

import io.grpcspec.proto.health.v1.HealthCheckRequest;
import io.grpcspec.proto.health.v1.HealthCheckResponse;
import io.grpcspec.rpc.CallContext;
import io.grpcspec.rpc.ServerMethods;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.rpc.StreamObserver;
import io.grpcspec.rpc.services.HealthMethods;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.health.HealthAction;
import io.grpcspec.spec.health.HealthEvent;
import io.grpcspec.spec.health.HealthMachine;
import io.grpcspec.spec.health.HealthState;
import io.grpcspec.spec.health.ServingStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code grpc.health.v1.Health} of one server, and the handle through which the application
 * sets its statuses ({@link Server#health()}). The {@link HealthMachine} decides every answer;
 * this class steps it under a lock and performs its actions: a Check's reply or failure, and
 * Watch messages.
 *
 * <p>Each Watch call has its own {@link Watcher} that sends on a virtual thread, one message at a
 * time, so a slow watcher never holds up {@link #setStatus} or other watchers. A watcher that
 * falls behind sends only the newest status (grpc-go does the same), and never the status it
 * sent last.
 */
public final class HealthService {
    private HealthState state;
    private final Map<Long, Watcher> watchers = new ConcurrentHashMap<>();
    private final AtomicLong nextWatchId = new AtomicLong();

    HealthService(Collection<String> services) {
        this.state = HealthMachine.start(services);
    }

    /** Sets {@code service}'s status ({@code ""}: the whole server); ignored once a graceful stop began. */
    public void setStatus(String service, ServingStatus status) {
        apply(new HealthEvent.SetStatus(service, status));
    }

    /** Drops {@code service}'s status: Check answers NOT_FOUND for it, watchers hear SERVICE_UNKNOWN. */
    public void clearStatus(String service) {
        apply(new HealthEvent.ClearStatus(service));
    }

    /** The status held for {@code service}, or null when there is none. */
    public synchronized ServingStatus status(String service) {
        return state.status(service);
    }

    /** Every status held now, by service name. */
    public synchronized Map<String, ServingStatus> statuses() {
        return state.statuses();
    }

    /** The server began a graceful stop: everything NOT_SERVING, for good. */
    void gracefulStop() {
        apply(new HealthEvent.GracefulStop());
    }

    /** The service to register on the server. */
    ServiceDefinition definition() {
        return ServiceDefinition.builder(HealthMethods.SERVICE)
                .proto(HealthMethods.DESCRIPTOR)
                .method(HealthMethods.CHECK, (ServerMethods.Unary<HealthCheckRequest, HealthCheckResponse>) this::check)
                .method(HealthMethods.WATCH, (ServerMethods.ServerStreaming<HealthCheckRequest, HealthCheckResponse>) this::watch)
                .build();
    }

    private HealthCheckResponse check(HealthCheckRequest request, CallContext ctx) throws StatusException {
        List<Action> actions = stepped(new HealthEvent.Check(request.getService()));
        for (Action a : actions) {
            switch ((HealthAction) a) {
                case HealthAction.CheckAnswered(ServingStatus status) -> {
                    return response(status);
                }
                case HealthAction.CheckFailed f -> throw new StatusException(Status.of(f.code(), f.message()));
                case HealthAction.SendWatch w -> throw new IllegalStateException("a Check step asked for " + w);
            }
        }
        throw new IllegalStateException("the health machine did not answer a Check");
    }

    /** Returns at once: the call stays open, messages go out from the watcher, and the client ends it. */
    private void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out, CallContext ctx) {
        long id = nextWatchId.incrementAndGet();
        watchers.put(id, new Watcher(out));
        apply(new HealthEvent.WatchStarted(id, request.getService()));
        // Registered after the start, so the end always comes second (at once if already cancelled).
        ctx.onCancel(() -> {
            watchers.remove(id);
            stepped(new HealthEvent.WatchEnded(id));
        });
    }

    private synchronized List<Action> stepped(HealthEvent e) {
        Step<HealthState> step = HealthMachine.step(state, e);
        state = step.state();
        return step.actions();
    }

    /**
     * Steps the machine and hands its Watch messages to the watchers under the same lock, so two
     * changes reach each watcher in the order the machine decided them. Handing over never blocks:
     * the watcher's own thread sends.
     */
    private synchronized void apply(HealthEvent e) {
        for (Action a : stepped(e)) {
            switch ((HealthAction) a) {
                case HealthAction.SendWatch(long id, ServingStatus status) -> {
                    Watcher w = watchers.get(id);
                    if (w != null) w.offer(status);
                }
                // Only a Check event answers a Check, and check() steps those itself.
                case HealthAction.CheckAnswered c -> throw new IllegalStateException("unexpected " + c);
                case HealthAction.CheckFailed f -> throw new IllegalStateException("unexpected " + f);
            }
        }
    }

    private static HealthCheckResponse response(ServingStatus status) {
        return HealthCheckResponse.newBuilder().setStatusValue(status.number()).build();
    }

    /** One Watch call's sender: the newest status not yet sent, and whether a sender thread runs. */
    private static final class Watcher {
        private final StreamObserver<HealthCheckResponse> out;
        private ServingStatus pending;
        private ServingStatus sent;
        private boolean sending;

        Watcher(StreamObserver<HealthCheckResponse> out) {
            this.out = out;
        }

        void offer(ServingStatus status) {
            synchronized (this) {
                pending = status;
                if (sending) return;
                sending = true;
            }
            Thread.ofVirtual().name("grpcspec-health-watch").start(this::drain);
        }

        private void drain() {
            while (true) {
                ServingStatus next;
                synchronized (this) {
                    next = pending;
                    pending = null;
                    if (next == null) {
                        sending = false;
                        return;
                    }
                    if (next == sent) continue;
                    sent = next;
                }
                out.onNext(response(next));
            }
        }
    }
}
