package io.grpcspec.spec.stream;

import io.grpcspec.spec.Action;

/**
 * The actions of the {@link StreamTable} beyond the shared ones (it also writes DATA, RST_STREAM
 * and WINDOW_UPDATE frames with {@code Actions.WriteFrame}). The records are in {@link StreamActions}.
 */
public sealed interface StreamAction extends Action
        permits StreamActions.WriteHeaders, StreamActions.DeliverHeaders, StreamActions.DiscardHeaders,
                StreamActions.DeliverPushPromise, StreamActions.DeliverData, StreamActions.PeerReset,
                StreamActions.StreamClosed {}
