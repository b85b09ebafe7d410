package org.connwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code connwatch} command: shows help, or runs a subcommand. */
@Command(name = "connwatch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Finds the secret connections on this machine: every connection with the program behind it.",
        subcommands = {LsCommand.class, ScanCommand.class, AnalyzeCommand.class, CaptureCommand.class, PolicyCommand.class,
            LearnCommand.class, AckCommand.class, ServeCommand.class, HistoryCommand.class, CommandLine.HelpCommand.class})
final class ConnwatchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
