package io.grpcspec.client;

import java.util.function.UnaryOperator;

/**
 * One functional dial option (grpc-go's {@code DialOption}): a change applied to the options
 * built so far. {@link Grpc#dial} applies them in order over {@link DialOptions#defaults()}, so a
 * later option wins. Factories live on {@link DialOptions}.
 */
@FunctionalInterface
public interface DialOption extends UnaryOperator<DialOptions> {}
