/**
 * The reference gRPC client, shaped like grpc-go's: {@link io.grpcspec.client.Grpc#dial} with
 * functional {@link io.grpcspec.client.DialOption}s over immutable
 * {@link io.grpcspec.client.DialOptions}, target parsing per gRPC naming
 * ({@link io.grpcspec.client.Target}), resolvers by scheme
 * ({@link io.grpcspec.client.ResolverRegistry}), and a balancer over one subchannel per address.
 *
 * <p>Nothing here decides protocol questions. The channel's runtime
 * ({@code ChannelRuntime}) feeds the pure machines of {@code spec.channel} — the pick_first or
 * round_robin balancer and a {@code SubchannelMachine} per address with its reconnect backoff —
 * and performs their actions with real timers and connections; transport events go to the
 * subchannel machine as they happened, which says what they mean. Each call ({@code StreamCall})
 * feeds the pure {@code spec.grpc.ClientCall} machine — which owns transparent retry, the
 * deadline, the message limits, the offered encodings and the receive credit — and performs its
 * actions on HTTP/2 streams of {@link io.grpcspec.client.Http2ClientTransport}, which drives the composed
 * endpoint machine through {@code transport.Http2Connection}. A subchannel is READY only when
 * that machine reports the handshake complete (the server's SETTINGS arrived).
 *
 * <p>Concurrency: the channel's machines live on one synchronization context (a
 * {@code transport.SerialExecutor} running tasks on the calling thread), each call's machine on
 * its own; events from transport threads, timers and the application are queued there and run
 * one at a time, never re-entrantly. Threads are
 * bounded per channel: two timer threads, at most four connect/resolve threads, and a reader and
 * a writer per connection. Every blocking wait has a timeout.
 */
package io.grpcspec.client;
