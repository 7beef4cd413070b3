package io.grpcspec.spec.stream;

import io.grpcspec.spec.flow.StreamFlow;

/**
 * One live (not yet closed) stream: its §5.1 state, its flow-control windows and how many header
 * blocks went each way (the second block on a stream is its trailers, RFC 9113 §8.1).
 */
public record Stream(int id, StreamState state, StreamFlow flow, int blocksReceived, int blocksSent) {

    public Stream withState(StreamState s) {
        return new Stream(id, s, flow, blocksReceived, blocksSent);
    }

    public Stream withFlow(StreamFlow f) {
        return new Stream(id, state, f, blocksReceived, blocksSent);
    }

    public Stream withBlockReceived() {
        return new Stream(id, state, flow, blocksReceived + 1, blocksSent);
    }

    public Stream withBlockSent() {
        return new Stream(id, state, flow, blocksReceived, blocksSent + 1);
    }
}
