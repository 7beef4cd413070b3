package io.grpcspec.spec.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.spec.Role;
import io.grpcspec.spec.Step;
import io.grpcspec.testing.Checks;
import io.grpcspec.testing.GeneratedBlocks;
import io.grpcspec.testing.OutcomeTable;
import io.grpcspec.testing.OutcomeTable.Named;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every (SETTINGS exchange state × input) outcome for both roles, in spec/tables/settings-exchange.md. */
class SettingsTableTest {

    private static final List<Setting> WINDOW_1000 = List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, 1000));

    static List<Named<SettingsExchange>> states(Role role) {
        SettingsExchange none = SettingsExchange.initial(role, 10_000_000_000L);
        SettingsExchange one = SettingsExchange.send(none, WINDOW_1000).state();
        SettingsExchange two = SettingsExchange.send(one, List.of(new Setting(SettingId.MAX_FRAME_SIZE, 32768))).state();
        return List.of(new Named<>("nothing outstanding", none), new Named<>("1 SETTINGS unacked", one),
                new Named<>("2 SETTINGS unacked", two));
    }


    private static Step<SettingsExchange> receive(SettingsExchange ex, Setting... s) {
        return SettingsExchange.receive(ex, SettingsFrame.of(s));
    }

    @Test
    @Checks({"SET-2", "SET-3", "SET-5", "SET-10", "SET-11", "SET-12"})
    void everyStateAndInputHasAReviewedOutcome() {
        OutcomeTable table = new OutcomeTable("role / state", "input");
        int rows = 0;
        for (Role role : Role.values()) {
            for (Named<SettingsExchange> s : states(role)) {
                String st = role + " / " + s.name();
                SettingsExchange ex = s.value();
                java.util.function.Function<SettingsExchange, String> name = e -> e.pending().size() + " unacked, local window "
                        + e.local().initialWindowSize() + ", remote window " + e.remote().initialWindowSize();
                table.row(st, "ACK", SettingsExchange.receive(ex, SettingsFrame.ACK_FRAME), name);
                table.row(st, "SETTINGS INITIAL_WINDOW_SIZE=70000", receive(ex, new Setting(SettingId.INITIAL_WINDOW_SIZE, 70000)), name);
                table.row(st, "SETTINGS INITIAL_WINDOW_SIZE=2^31", receive(ex, new Setting(SettingId.INITIAL_WINDOW_SIZE, 1L << 31)), name);
                table.row(st, "SETTINGS ENABLE_PUSH=2", receive(ex, new Setting(SettingId.ENABLE_PUSH, 2)), name);
                table.row(st, "SETTINGS ENABLE_PUSH=1", receive(ex, new Setting(SettingId.ENABLE_PUSH, 1)), name);
                table.row(st, "SETTINGS MAX_FRAME_SIZE=16383", receive(ex, new Setting(SettingId.MAX_FRAME_SIZE, 16383)), name);
                table.row(st, "SETTINGS unknown id 0x99=5", receive(ex, new Setting(0x99, 5)), name);
                table.row(st, "send INITIAL_WINDOW_SIZE=1000", SettingsExchange.send(ex, WINDOW_1000), name);
                table.row(st, "SETTINGS_ACK timer fired", SettingsExchange.ackTimerFired(ex), name);
                rows += 9;
            }
        }
        assertEquals(rows, table.markdown().lines().count() - 2);
        GeneratedBlocks.check("spec/tables/settings-exchange.md", "table", table.markdown());
    }
}
