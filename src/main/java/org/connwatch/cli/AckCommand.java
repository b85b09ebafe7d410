package org.connwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.connwatch.policy.Acknowledgement;
import org.connwatch.policy.PolicyException;
import org.connwatch.policy.PolicyLoader;
import org.connwatch.policy.PolicyLocation;
import org.connwatch.policy.PolicyProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code connwatch ack}: acknowledge a finding by writing an allow rule for it into the policy. */
@Command(name = "ack", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = VersionProvider.class,
        description = {
            "Acknowledges a finding: writes an allow rule with these conditions after the policy's last rule,",
            "so connections that meet them raise no finding again. Example:",
            "  connwatch ack process.name=backup remote.ip=203.0.113.0/24 destination.port=8443 --reason 'offsite backup'"
        })
final class AckCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FIELD=VALUE", arity = "1..*",
            description = "Conditions of the rule, with the policy's field names (process.name, remote.ip, "
                    + "destination.port, remote.domain, service.name ...; see docs/POLICY.md).")
    private List<String> conditions;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "The policy to write to. Default: the policy connwatch reads by default "
                    + "($XDG_CONFIG_HOME/connwatch/policy.yaml or ~/.config/connwatch/policy.yaml), created if missing.")
    private Path policy;

    @Option(names = "--id", paramLabel = "ID", description = "The rule's id. Default: ack-DATE-TIME.")
    private String id;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "acknowledged with connwatch ack",
            description = "Why this is fine, kept in the rule. Default: ${DEFAULT-VALUE}.")
    private String reason;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> match = new LinkedHashMap<>();
        for (String c : conditions) {
            int eq = c.indexOf('=');
            if (eq <= 0 || eq == c.length() - 1) {
                throw new UsageException("'" + c + "' is not FIELD=VALUE");
            }
            if (match.put(c.substring(0, eq).strip(), c.substring(eq + 1).strip()) != null) {
                throw new UsageException("the field " + c.substring(0, eq).strip() + " is given twice");
            }
        }
        Path file = policy != null ? policy : PolicyLocation.defaultFile(System.getenv()).orElseThrow(
                () -> new UsageException("no home or XDG_CONFIG_HOME to find the policy in: name it with --policy"));
        String ruleId = id != null ? id : "ack-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
        try {
            String rule = new Acknowledgement(PolicyLoader.standard()).allow(file, ruleId, match, reason);
            out.println("added to " + file + ":");
            out.println(rule);
            return 0;
        } catch (PolicyException e) {
            for (PolicyProblem p : e.problems()) {
                err.println(p);
            }
            throw new UsageException("the rule was not written: the policy would have " + e.problems().size()
                    + " problem(s) (listed above)");
        }
    }
}
