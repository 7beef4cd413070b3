/**
 * {@code grpcspec check}: the oracle for servers. {@link io.grpcspec.oracle.check.Checker} probes a
 * server, then runs the {@link io.grpcspec.oracle.check.Catalogue} of
 * {@link io.grpcspec.oracle.check.Scenario}s, each a scripted
 * {@link io.grpcspec.oracle.check.Conversation} on a connection and a deadline of its own:
 * conforming steps go through our client's own endpoint machine and driver (which also judges
 * everything the server sends), misbehaving steps are raw frames or bytes, and
 * {@link io.grpcspec.oracle.check.Expect}ations judge what comes back, accepting every answer the
 * rules allow. Each scenario ends in a {@link io.grpcspec.oracle.report.Verdict}. See
 * spec/oracle.md.
 */
package io.grpcspec.oracle.check;
