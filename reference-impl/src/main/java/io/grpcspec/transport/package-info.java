/**
 * One HTTP/2 connection over a socket, shaped like grpc-go's transport. It keeps bytes,
 * sockets, threads and clocks only; every protocol decision and every piece of protocol state
 * belongs to the pure driver of the composed spec machine
 * ({@link io.grpcspec.spec.driver.EndpointDriver}), the same one the model checker explores.
 *
 * <ul>
 *   <li>{@link io.grpcspec.transport.Http2Connection}: the driver state under one lock; every
 *       event is stepped and its effects performed under it. A reader (virtual thread) turns
 *       bytes into events (the server's preface, then frames; a malformed frame becomes
 *       {@code FrameRejected} with the codec's error, judged by the spec); timers on a shared
 *       scheduler feed {@code TimerFired} back (the driver drops stale ones); listener
 *       deliveries run outside the lock, in the machine's order. Local requests are stepped as
 *       events; a refusal comes back with the rule the machine named.</li>
 *   <li>{@link io.grpcspec.transport.ConnectionWriter} ("loopy"): the only code that writes to
 *       the socket; it drains the {@link io.grpcspec.transport.ControlBuffer}, writes a header
 *       block's HEADERS and CONTINUATION frames (cut by the driver) as one item, and flushes when
 *       the queue runs dry. It runs on a virtual thread only while there is something to write:
 *       the control buffer starts it when work arrives for a stopped writer, and it stops when it
 *       finds the queue empty (one locked step, so at most one writer runs and no item is
 *       stranded); its buffer comes from a shared {@link io.grpcspec.transport.BufferPool}.</li>
 *   <li>Back-pressure: a sender waits ({@link io.grpcspec.transport.Http2Connection#awaitWritable})
 *       while a stream has more than a bound of octets waiting for flow-control credit (asked of
 *       the machine) or for the writer (LIM-9). The reader waits while more answers than a bound
 *       wait for the writer (LIM-8) and while the machine pauses reading because too many calls
 *       are in progress (LIM-5, asked of the machine).</li>
 *   <li>Closing: after the machine's last frame (a GOAWAY) the socket is shut for output and the
 *       peer's input drained for a moment, so the GOAWAY is not destroyed by a TCP reset.</li>
 *   <li>{@link io.grpcspec.transport.FrameTrace}: one line per frame both ways, {@code <<} received,
 *       {@code >>} sent.</li>
 *   <li>{@link io.grpcspec.transport.ConnectionIo}: what a connection runs on besides sockets —
 *       byte streams, where its reader loop and its writer's runs happen, its clock; without an input stream
 *       the transport hands over parsed frames itself. The jcstress tests run the real connection
 *       this way, with their actors as its threads and a clock they move by hand.</li>
 * </ul>
 *
 * <p>Nothing here decides a protocol question: what to send, when to close, which error code a
 * peer gets, how a header block is framed or compressed all come from the driver's effects.
 */
package io.grpcspec.transport;
