package io.grpcspec.property.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Both applications' progress and the budgets left under the {@link Bounds}: what makes the
 * nondeterministic applications, and the passing of time, finite.
 *
 * @param firesLeft timer firings left on this path ({@link Bounds#timerFires})
 */
public record Script(int opened, int settingsLeft, int pingsLeft, int resetsLeft, int shutdownsLeft, int firesLeft,
                     List<Conv> convs) {

    public Script {
        convs = List.copyOf(convs);
    }

    static Script start(Bounds b) {
        return new Script(0, b.settingsChanges(), b.pings(), b.resets(), b.shutdowns(), b.timerFires(), List.of());
    }

    Script withConv(Conv c) {
        List<Conv> next = new ArrayList<>(convs);
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).id() == c.id()) {
                next.set(i, c);
                return new Script(opened, settingsLeft, pingsLeft, resetsLeft, shutdownsLeft, firesLeft, next);
            }
        }
        next.add(c);
        return new Script(opened, settingsLeft, pingsLeft, resetsLeft, shutdownsLeft, firesLeft, next);
    }

    Conv conv(int id) {
        for (Conv c : convs) if (c.id() == id) return c;
        return null;
    }

    Script withOpened(int n) {
        return new Script(n, settingsLeft, pingsLeft, resetsLeft, shutdownsLeft, firesLeft, convs);
    }

    Script usedSettings() {
        return new Script(opened, settingsLeft - 1, pingsLeft, resetsLeft, shutdownsLeft, firesLeft, convs);
    }

    Script usedPing() {
        return new Script(opened, settingsLeft, pingsLeft - 1, resetsLeft, shutdownsLeft, firesLeft, convs);
    }

    Script usedReset() {
        return new Script(opened, settingsLeft, pingsLeft, resetsLeft - 1, shutdownsLeft, firesLeft, convs);
    }

    Script usedShutdown() {
        return new Script(opened, settingsLeft, pingsLeft, resetsLeft, shutdownsLeft - 1, firesLeft, convs);
    }

    Script usedFire() {
        return new Script(opened, settingsLeft, pingsLeft, resetsLeft, shutdownsLeft, firesLeft - 1, convs);
    }
}
