package io.grpcspec.property.engine;

import java.security.SecureRandom;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Run-wide knobs, normally read from system properties (Surefire passes {@code -D} flags given to
 * Maven through to the test JVM):
 * <ul>
 *   <li>{@code -Dgrpcspec.seed=<n>}: start every property at seed {@code n} (decimal, or hex with
 *       {@code 0x}). A failure report prints the seed of the failing case, so rerunning with it
 *       reproduces that case first, then shrinks it to the same example.</li>
 *   <li>{@code -Dgrpcspec.random=true}: a fresh random seed per property and run (local
 *       exploration). Without it the seed is a fixed constant mixed with the property name, so CI
 *       runs are deterministic and different properties still explore different cases.</li>
 *   <li>{@code -Dgrpcspec.tries=<factor>}: multiplies every property's case count, e.g.
 *       {@code 0.1} for a smoke run or {@code 20} for a soak (at least one case always runs).</li>
 * </ul>
 *
 * @param seed        the seed every property starts at, if pinned
 * @param random      draw a random seed per property (ignored when {@code seed} is present)
 * @param triesFactor multiplier for each property's number of cases ({@code > 0})
 */
public record Settings(OptionalLong seed, boolean random, double triesFactor) {
    public static final String SEED = "grpcspec.seed";
    public static final String RANDOM = "grpcspec.random";
    public static final String TRIES = "grpcspec.tries";

    /** No pinned seed, deterministic per-name seeds, unscaled case counts: what CI runs. */
    public static final Settings DEFAULTS = new Settings(OptionalLong.empty(), false, 1.0);

    /** The constant CI seeds derive from; changing it changes every property's cases. */
    static final long BASE_SEED = 0x6772706373706563L; // "grpcspec"

    public Settings {
        if (!(triesFactor > 0) || Double.isInfinite(triesFactor)) {
            throw new IllegalArgumentException(TRIES + " must be a positive factor, got " + triesFactor);
        }
    }

    /** The settings given by this JVM's system properties. */
    public static Settings fromSystemProperties() {
        return from(System::getProperty);
    }

    /** Settings from a property lookup ({@code null} = not set); blank values count as not set. */
    public static Settings from(Function<String, String> lookup) {
        String seedText = trimmed(lookup.apply(SEED));
        String randomText = trimmed(lookup.apply(RANDOM));
        String triesText = trimmed(lookup.apply(TRIES));
        OptionalLong seed = seedText == null ? OptionalLong.empty() : OptionalLong.of(parseSeed(seedText));
        boolean random = randomText != null && Boolean.parseBoolean(randomText);
        double factor;
        try {
            factor = triesText == null ? 1.0 : Double.parseDouble(triesText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TRIES + " must be a number (a factor), got '" + triesText + "'", e);
        }
        return new Settings(seed, random, factor);
    }

    /** Parses a seed as printed in failure reports: decimal, possibly negative, or {@code 0x} hex. */
    public static long parseSeed(String text) {
        String t = text.trim();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) return Long.parseUnsignedLong(t.substring(2), 16);
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED + " must be a long (decimal or 0x hex), got '" + text + "'", e);
        }
    }

    /** The seed the run of property {@code name} starts at. */
    public long runSeed(String name) {
        if (seed.isPresent()) return seed.getAsLong();
        if (random) return new SecureRandom().nextLong();
        return defaultSeed(name);
    }

    /** The deterministic CI seed of property {@code name}. */
    public static long defaultSeed(String name) {
        return Rng.mix(BASE_SEED ^ Rng.hash(name));
    }

    /** {@code tries} scaled by the factor, at least 1. */
    public int scale(int tries) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(tries * triesFactor)));
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
