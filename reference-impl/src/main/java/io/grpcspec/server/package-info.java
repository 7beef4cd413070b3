/**
 * The reference gRPC server: {@link io.grpcspec.server.ServerBuilder} (grpc-go's server options),
 * {@link io.grpcspec.server.Server} (accept loop, TLS with ALPN h2 under the handshake deadline on
 * a virtual thread, a cap on connections in handshake that sheds the oldest (LIM-6), one
 * {@link io.grpcspec.transport.Http2Connection} per socket, graceful and immediate stop), and
 * per call a {@link io.grpcspec.spec.grpc.ServerCall} machine stepped by {@code ServerStream}:
 * the machine validates requests, deframes messages, judges the request's shape, negotiates
 * response compression, applies the message limits, says when flow-control credit goes back and
 * writes headers, trailers and status; the glue looks methods up, decompresses and unmarshals
 * (reporting what it could not read to the machine), and runs handlers off the reader thread
 * (one call's work in order on a borrowed handler thread), telling the connection when a call's
 * work is all done (LIM-5's calls in progress).
 *
 * <p>Built-in services: {@code GreeterService} and {@code InteropTestService} (the interop
 * TestService), and on request {@link io.grpcspec.server.HealthService} (grpc.health.v1.Health,
 * its decisions made by {@link io.grpcspec.spec.health.HealthMachine}) and {@code ReflectionService}
 * (server reflection v1 and v1alpha over a {@code ReflectionIndex} of the registered services'
 * descriptors). Their method descriptors live in {@link io.grpcspec.rpc.services}.
 */
package io.grpcspec.server;
