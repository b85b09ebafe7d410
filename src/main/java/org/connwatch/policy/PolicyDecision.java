package org.connwatch.policy;

import java.util.Objects;
import java.util.Optional;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Phrases;
import org.connwatch.detect.Severity;
import org.connwatch.records.Connection;

/**
 * The rule that decided about a connection, and what follows from it.
 *
 * @param rule       the first rule that matched
 * @param connection the connection it matched
 */
public record PolicyDecision(Rule rule, Connection connection) {
    /** The {@code rule.id} of the findings the policy raises. */
    public static final String DETECTOR_ID = "policy";

    public PolicyDecision {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(connection, "connection");
    }

    public Action action() {
        return rule.action();
    }

    /** True for {@code allow}: the detectors' findings about this connection are to be dropped. */
    public boolean suppressesFindings() {
        return rule.action() == Action.ALLOW;
    }

    /** True for {@code deny}: the connection is one the future blocker is to stop. */
    public boolean blocks() {
        return rule.action() == Action.DENY;
    }

    /**
     * The {@code policy} finding: medium for {@code alert}, high for {@code deny}, none for {@code allow}.
     * Its reason names the program, the remote end, the rule's reason and the rule's id.
     */
    public Optional<Finding> finding() {
        if (rule.action() == Action.ALLOW) {
            return Optional.empty();
        }
        boolean deny = rule.action() == Action.DENY;
        String why = rule.reasonText().orElse(deny ? "the policy forbids it" : "the policy asks to be told");
        String reason = Phrases.program(connection) + " " + (connection.remote().isWildcard()
                ? "listens on " + connection.local() : "connects to " + Phrases.remote(connection))
                + ": " + why + " (policy rule " + rule.id() + ", " + rule.action().label() + ")";
        return Optional.of(Finding.of(DETECTOR_ID, deny ? Severity.HIGH : Severity.MEDIUM, deny ? 80 : 50,
                reason, connection));
    }
}
