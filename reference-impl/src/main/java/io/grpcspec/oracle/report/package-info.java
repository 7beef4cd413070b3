/**
 * What the oracles report, independent of how a verdict was reached: the
 * {@link io.grpcspec.oracle.report.Verdict} (rules, outcome, expected and observed, frame trace),
 * the {@link io.grpcspec.oracle.report.FrameLog} a conversation fills, and the renderings:
 * {@link io.grpcspec.oracle.report.TextReport} (grouped, with the {@code N passed, M failed, K
 * skipped} line), {@link io.grpcspec.oracle.report.JsonReport} over
 * {@link io.grpcspec.oracle.report.JsonWriter}, and {@link io.grpcspec.oracle.report.JUnitXml}.
 * Used by {@code grpcspec check}, meant for the client oracle as well.
 */
package io.grpcspec.oracle.report;
