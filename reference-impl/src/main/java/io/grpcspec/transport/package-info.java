/**
 * One HTTP/2 connection over a socket, shaped like grpc-go's transport and driven entirely by
 * the composed spec machine ({@link io.grpcspec.spec.endpoint.Endpoints}).
 *
 * <ul>
 *   <li>{@link io.grpcspec.transport.Http2Connection}: the machine state, the HPACK encoder and
 *       decoder and the per-stream bookkeeping under one lock; every event is stepped and its
 *       actions performed under it. A reader thread turns bytes into events (the server's
 *       preface, then frames; codec errors become {@code PeerError}); timers on a shared
 *       scheduler feed {@code TimerFired} back; listener deliveries run outside the lock, in the
 *       machine's order.</li>
 *   <li>{@link io.grpcspec.transport.ConnectionWriter} ("loopy"): the only code that writes to the
 *       socket; it drains the {@link io.grpcspec.transport.ControlBuffer}, keeps a header block's
 *       HEADERS and CONTINUATION frames together, and flushes when the queue runs dry.</li>
 *   <li>Back-pressure: a sender waits ({@link io.grpcspec.transport.Http2Connection#awaitWritable})
 *       while a stream has more than a bound of octets waiting for flow-control credit (the
 *       machine's {@code Pending}) or for the writer.</li>
 *   <li>{@link io.grpcspec.transport.FrameTrace}: one line per frame both ways, {@code <<} received,
 *       {@code >>} sent.</li>
 * </ul>
 *
 * <p>Nothing here decides a protocol question: what to send, when to close, which error code a
 * peer gets all come from the machine's actions.
 */
package io.grpcspec.transport;
