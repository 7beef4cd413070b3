package io.grpcspec.spec.stream;

/** Whether we send a frame or receive it. */
public enum Direction {
    SENT,
    RECEIVED
}
