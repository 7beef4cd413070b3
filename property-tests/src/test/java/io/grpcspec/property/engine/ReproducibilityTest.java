package io.grpcspec.property.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** Seeds, reruns, settings and the failure report. */
class ReproducibilityTest {
    /** Fails on roughly one case in seven, so first failures usually come after a few passes. */
    private static final Gen<List<Integer>> LISTS = Gen.ints(0, 1_000_000).list(0, 10);

    private static void noElementIs3Mod7(List<Integer> xs) {
        for (int x : xs) assertTrue(x % 7 != 3, "found " + x);
    }

    private static Result<List<Integer>> run(Property<List<Integer>> p) {
        return p.settings(Settings.DEFAULTS).printSummary(false).run(ReproducibilityTest::noElementIs3Mod7);
    }

    @Test
    void sameSeedReproducesTheSameFirstFailingExampleAndShrink() {
        for (long seed = 1; seed <= 20; seed++) {
            Result<List<Integer>> a = run(Property.forAll("mod 7", LISTS).seed(seed));
            Result<List<Integer>> b = run(Property.forAll("mod 7", LISTS).seed(seed));
            assertEquals(Result.Status.FAILED, a.status());
            assertEquals(a.failure().caseIndex(), b.failure().caseIndex());
            assertEquals(a.failure().caseSeed(), b.failure().caseSeed());
            assertEquals(a.failure().original(), b.failure().original());
            assertEquals(a.failure().originalExample(), b.failure().originalExample());
            assertEquals(a.failure().shrunk(), b.failure().shrunk());
            assertEquals(a.failure().value(), b.failure().value());
            assertEquals(List.of(3), a.failure().value());
        }
    }

    @Test
    void differentSeedsExploreDifferentCases() {
        Result<List<Integer>> a = run(Property.forAll("mod 7", LISTS).seed(1));
        Result<List<Integer>> b = run(Property.forAll("mod 7", LISTS).seed(2));
        assertNotEquals(a.failure().original(), b.failure().original());
    }

    @Test
    void rerunWithTheReportedCaseSeedFailsOnItsFirstCaseWithTheSameExample() {
        int rerunsChecked = 0;
        for (long seed = 1; seed <= 30; seed++) {
            Result<List<Integer>> first = run(Property.forAll("mod 7", LISTS).seed(seed));
            Failure<List<Integer>> f = first.failure();
            if (f.caseIndex() == 0) continue; // only later cases show that the rerun skips ahead
            Result<List<Integer>> rerun = run(Property.forAll("mod 7", LISTS).seed(f.caseSeed()));
            assertEquals(0, rerun.failure().caseIndex(), "the reported seed starts at the failing case");
            assertEquals(f.original(), rerun.failure().original());
            assertEquals(f.shrunk(), rerun.failure().shrunk());
            assertEquals(f.example(), rerun.failure().example());
            rerunsChecked++;
        }
        assertTrue(rerunsChecked >= 5, "too few seeds failed after their first case: " + rerunsChecked);
    }

    @Test
    void seedFromSettingsBehavesLikeThePinnedSeedButIsNotReportedAsPinned() {
        Result<List<Integer>> pinned = run(Property.forAll("mod 7", LISTS).seed(99));
        Result<List<Integer>> viaSettings = Property.forAll("mod 7", LISTS)
                .settings(new Settings(OptionalLong.of(99), false, 1.0)).printSummary(false)
                .run(ReproducibilityTest::noElementIs3Mod7);
        assertEquals(pinned.failure().original(), viaSettings.failure().original());
        assertTrue(pinned.seedPinned());
        assertTrue(!viaSettings.seedPinned());
        assertTrue(viaSettings.rerun().endsWith("-Dgrpcspec.seed=" + viaSettings.failure().caseSeed()), viaSettings.rerun());
        assertTrue(pinned.rerun().contains("pinned in code"), pinned.rerun());
    }

    @Test
    void defaultSeedIsDeterministicPerNameAndDiffersBetweenNames() {
        assertEquals(Settings.defaultSeed("window never negative"), Settings.defaultSeed("window never negative"));
        assertNotEquals(Settings.defaultSeed("a"), Settings.defaultSeed("b"));
        assertEquals(Settings.defaultSeed("x"), Settings.DEFAULTS.runSeed("x"));
        Result<List<Integer>> a = run(Property.forAll("mod 7", LISTS));
        Result<List<Integer>> b = run(Property.forAll("mod 7", LISTS));
        assertEquals(Settings.defaultSeed("mod 7"), a.seed());
        assertEquals(a.failure().original(), b.failure().original());
    }

    @Test
    void randomSettingDrawsFreshSeeds() {
        Settings random = new Settings(OptionalLong.empty(), true, 1.0);
        assertNotEquals(random.runSeed("p"), random.runSeed("p"));
        Settings pinnedWins = new Settings(OptionalLong.of(5), true, 1.0);
        assertEquals(5, pinnedWins.runSeed("p"));
    }

    @Test
    void settingsParseTheSystemPropertyForms() {
        Settings s = Settings.from(Map.of("grpcspec.seed", "-123", "grpcspec.random", "true", "grpcspec.tries", "2.5")::get);
        assertEquals(OptionalLong.of(-123), s.seed());
        assertTrue(s.random());
        assertEquals(250, s.scale(100));
        assertEquals(OptionalLong.of(0xfedcba9876543210L), Settings.from(Map.of("grpcspec.seed", "0xfedcba9876543210")::get).seed());
        assertEquals(Settings.DEFAULTS, Settings.from(Map.<String, String>of()::get));
        assertEquals(Settings.DEFAULTS, Settings.from(Map.of("grpcspec.seed", " ")::get));
        assertEquals(1, new Settings(OptionalLong.empty(), false, 0.001).scale(100), "at least one case");
        assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of("grpcspec.seed", "abc")::get));
        assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of("grpcspec.tries", "many")::get));
        assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of("grpcspec.tries", "0")::get));
        // Failure reports print seeds in decimal; they must parse back to the same long.
        long seed = Long.MIN_VALUE + 17;
        assertEquals(seed, Settings.parseSeed(Long.toString(seed)));
    }

    @Test
    void checkThrowsAnAssertionErrorWithTheFullReport() {
        AssertionError e = assertThrows(AssertionError.class, () -> Property
                .forAll("all ints < 1000", Gen.ints(0, 1_000_000))
                .settings(Settings.DEFAULTS)
                .render(x -> "x = " + x)
                .holds(x -> x < 1000));
        String m = e.getMessage();
        long caseSeed = Long.parseLong(m.replaceAll("(?s).*case seed=(-?\\d+).*", "$1"));
        assertTrue(m.startsWith("Property 'all ints < 1000' failed on case "), m);
        assertTrue(m.contains("Rerun: mvn -B -pl property-tests -am test"
                + " -Dtest='ReproducibilityTest#checkThrowsAnAssertionErrorWithTheFullReport'"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dgrpcspec.seed=" + caseSeed), m);
        assertTrue(m.matches("(?s).*Shrunk in \\d+ steps \\(\\d+ replays\\) from \\d+ to 1 choices\\..*"), m);
        assertTrue(m.contains("Error: java.lang.AssertionError: property returned false"), m);
        assertTrue(m.contains("Shrunk example:\n  x = 1000"), m);
        assertTrue(e.getCause() instanceof AssertionError, "cause is the shrunk case's error");
    }

    @Test
    void reportShowsLongCollectionsOneElementPerLine() {
        Gen<List<String>> frames = Gen.lists(Gen.elements("SETTINGS stream=0 ack=false", "PING stream=0 opaque=0x0000000000000000",
                "WINDOW_UPDATE stream=0 increment=65535"), 4, 8);
        Result<List<String>> r = Property.forAll("traces shorter than 4", frames).settings(Settings.DEFAULTS)
                .printSummary(false).run(t -> assertTrue(t.size() < 4));
        assertEquals(List.of("SETTINGS stream=0 ack=false", "SETTINGS stream=0 ack=false",
                "SETTINGS stream=0 ack=false", "SETTINGS stream=0 ack=false"), r.failure().value());
        assertTrue(r.report().contains("Shrunk example:\n  SETTINGS stream=0 ack=false\n  SETTINGS stream=0 ack=false\n"),
                r.report());
    }

    @Test
    void errorsOtherThanAssertionsFailTooAndAreTheCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        Result<Integer> r = Property.forAll("throws", Gen.ints(0, 10)).settings(Settings.DEFAULTS).printSummary(false)
                .run(x -> {
                    throw boom;
                });
        assertEquals(Result.Status.FAILED, r.status());
        assertSame(boom, r.failure().error());
        AssertionError e = assertThrows(AssertionError.class, r::throwIfFailed);
        assertSame(boom, e.getCause());
    }

    @Test
    void flakyPropertiesAreReportedAsSuch() {
        int[] calls = {0};
        Result<Integer> r = Property.forAll("fails only the first time", Gen.ints(0, 10)).settings(Settings.DEFAULTS)
                .printSummary(false).run(x -> {
                    if (calls[0]++ == 0) throw new AssertionError("first call");
                });
        assertEquals(Result.Status.FAILED, r.status());
        assertTrue(r.failure().flaky());
        assertTrue(r.report().contains("did not fail again"), r.report());
    }

    private static Result<Integer> runThroughAHelper() {
        java.util.function.Supplier<Result<Integer>> inALambda = () -> Property.forAll("helper", Gen.ints(0, 9))
                .settings(Settings.DEFAULTS).printSummary(false).run(x -> assertTrue(x < 5));
        return inALambda.get();
    }

    @Test
    void rerunCommandNamesTheTestMethodEvenThroughHelpersAndLambdas() {
        Result<Integer> r = runThroughAHelper();
        assertTrue(r.rerun().contains("-Dtest='ReproducibilityTest#rerunCommandNamesTheTestMethodEvenThroughHelpersAndLambdas'"),
                r.rerun());
        assertTrue(r.rerun().startsWith("mvn -B -pl property-tests -am test "), r.rerun());
    }
}
