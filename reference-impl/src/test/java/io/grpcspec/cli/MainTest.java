package io.grpcspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.testing.CliRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@link Main} builds only the subcommand its first argument names (a faster start, issue #13):
 * the one-command tree must parse and print exactly as the whole tree does, and everything else
 * must still see every command.
 */
class MainTest {

    @Test
    void everySubcommandIsKeptUnderTheNameItsAnnotationGives() {
        for (Map.Entry<String, Class<?>> e : Main.SUBCOMMANDS.entrySet()) {
            assertEquals(e.getKey(), new CommandLine(e.getValue()).getCommandName(), e.getValue().getName());
        }
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        for (String name : Main.SUBCOMMANDS.keySet()) {
            if (name.equals("help")) continue;
            assertEquals(List.of(name), List.copyOf(Main.commandLine(name, "--help").getSubcommands().keySet()), name);
        }
    }

    @Test
    void anythingElseBuildsTheWholeTreeInItsListedOrder() {
        List<String> all = List.copyOf(Main.SUBCOMMANDS.keySet());
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"help", "serve"},
                new String[] {"serv"}, new String[] {"-V"})) {
            assertEquals(all, List.copyOf(Main.commandLine(args).getSubcommands().keySet()), String.join(" ", args));
        }
    }

    @Test
    void eachSubcommandsUsageIsTheSameAloneAsInTheWholeTree() {
        CommandLine whole = Main.commandLine();
        for (String name : Main.SUBCOMMANDS.keySet()) {
            if (name.equals("help")) continue;
            CommandLine alone = Main.commandLine(name).getSubcommands().get(name);
            String expected = whole.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertEquals(expected, alone.getUsageMessage(CommandLine.Help.Ansi.OFF), name);
            assertTrue(expected.startsWith("Usage: grpcspec " + name), expected);
        }
    }

    @Test
    void theTopLevelUsageListsEveryCommandAndHelpStillExplainsOne() {
        CliRun top = CliRun.of();
        for (String name : Main.SUBCOMMANDS.keySet()) assertTrue(top.out().contains("\n  " + name + " "), name + " in\n" + top.out());
        CliRun help = CliRun.of("help", "serve");
        assertEquals(0, help.exit());
        assertTrue(help.out().startsWith("Usage: grpcspec serve"), help.out());
        CliRun typo = CliRun.of("serv");
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("serve"), "a suggestion naming serve: " + typo.err());
    }
}
