package io.grpcspec.spec.connection;

import io.grpcspec.spec.Action;

/**
 * The actions of the connection lifecycle beyond the shared ones: the records of
 * {@link ConnectionActions} and the {@link SettingsChange} reports.
 */
public sealed interface ConnectionAction extends Action
        permits ConnectionActions.WritePreface, ConnectionActions.HandshakeComplete, ConnectionActions.PeerGoingAway,
                ConnectionActions.StreamsNotProcessed, ConnectionActions.IgnoreStream, SettingsChange {}
