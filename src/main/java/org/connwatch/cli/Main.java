package org.connwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The entry point: runs a connwatch command and exits with its code (2 for a usage error). */
public final class Main {
    /** Exit code for a wrong argument or option. */
    public static final int USAGE = 2;
    /** Exit code for a failure the user can act on (a refused privilege, a missing file). */
    public static final int FAILURE = 1;
    /** Exit code for a bug: a stack trace is printed. */
    public static final int INTERNAL = 70;

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line, writing to the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new ConnwatchCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((ex, a) -> {
            String name = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println(name + ": " + ex.getMessage() + " (see '" + name + " --help')");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            String name = cmd.getCommandSpec().qualifiedName();
            return switch (ex) {
                case UsageException u -> {
                    err.println(name + ": " + u.getMessage() + " (see '" + name + " --help')");
                    yield USAGE;
                }
                case IOException io -> {
                    err.println(name + ": " + io.getMessage());
                    yield FAILURE;
                }
                case UncheckedIOException io -> {
                    err.println(name + ": " + io.getCause().getMessage());
                    yield FAILURE;
                }
                default -> {
                    err.println(name + ": internal error, please report it with this trace:");
                    ex.printStackTrace(err);
                    yield INTERNAL;
                }
            };
        });
        int code = cli.execute(args);
        out.flush();
        return code;
    }
}
