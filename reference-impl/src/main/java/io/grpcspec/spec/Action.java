package io.grpcspec.spec;

/**
 * An effect a transition asks for. Actions are values: drivers perform them, tests compare
 * them. Every machine's actions form a sealed family ({@link Actions.Shared} for the ones all
 * machines share, then e.g. {@code StreamAction}, {@code ConnectionAction},
 * {@code KeepaliveAction}, {@code EndpointAction}), so a switch over one family is checked for
 * exhaustiveness by the compiler.
 *
 * <p>This root is not sealed: Java allows a sealed type's permitted subtypes in other packages
 * only inside a named module (JLS §8.1.6), and the families live in their machines' packages.
 * A switch over {@code Action} itself therefore ends in a guarded default. Drivers do not switch
 * over it: the composed endpoint tags each action it emits with its family
 * ({@code spec.endpoint.EndpointOutput}, sealed), and the driver's switch over those tags is
 * checked by the compiler. The composed machine's own dispatch over its parts' outputs keeps a
 * guarded default each (see spec/endpoint.md).
 */
public interface Action {}
