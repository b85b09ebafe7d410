package org.connwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.connwatch.policy.Policy;
import org.connwatch.policy.PolicyException;
import org.connwatch.policy.PolicyLoader;
import org.connwatch.policy.PolicyLocation;
import org.connwatch.policy.PolicyProblem;
import org.connwatch.policy.PolicySummary;
import org.connwatch.policy.StarterPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code connwatch policy}: checks a policy file, or writes a commented starter policy. */
@Command(name = "policy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Checks a policy file, or writes a commented starter policy.",
        subcommands = {PolicyCommand.Check.class, PolicyCommand.Init.class})
final class PolicyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    private static Path defaultFile() {
        return PolicyLocation.defaultFile(System.getenv())
                .orElseThrow(() -> new UsageException("no home folder to find the policy in; name the FILE"));
    }

    /** {@code connwatch policy check [FILE]}. */
    @Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Validates a policy file and explains what it does. Exit 0 when it is valid,",
                "2 with one line per mistake (FILE:LINE: FIELD: problem) when it is not."})
    static final class Check implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "FILE",
                description = "The policy file. Default: $XDG_CONFIG_HOME/connwatch/policy.yaml.")
        private Path file;

        @Override
        public Integer call() {
            Path target = Optional.ofNullable(file).orElseGet(PolicyCommand::defaultFile);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                Policy policy = PolicyLoader.standard().load(target);
                out.println(target + ": the policy is valid.");
                PolicySummary.lines(policy).forEach(out::println);
                return 0;
            } catch (PolicyException e) {
                e.problems().stream().map(PolicyProblem::toString).forEach(err::println);
                return Main.USAGE;
            }
        }
    }

    /** {@code connwatch policy init [FILE] [--force]}. */
    @Command(name = "init", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Writes a commented starter policy to edit.")
    static final class Init implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "FILE",
                description = "Where to write it. Default: $XDG_CONFIG_HOME/connwatch/policy.yaml.")
        private Path file;

        @Option(names = "--force", description = "Overwrite the file when it exists.")
        private boolean force;

        @Override
        public Integer call() throws IOException {
            Path target = Optional.ofNullable(file).orElseGet(PolicyCommand::defaultFile);
            if (Files.exists(target) && !force) {
                throw new UsageException(target + " already exists; use --force to overwrite it");
            }
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(target, StarterPolicy.text(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            spec.commandLine().getOut().println("wrote a starter policy to " + target
                    + "; edit it, then run 'connwatch policy check " + target + "'");
            return 0;
        }
    }
}
