package org.connwatch.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.connwatch.records.Connection;

/**
 * A policy rule: when a connection meets every condition, the action applies.
 *
 * @param id         its id, unique in the policy (lower-case words joined by '-')
 * @param action     allow, alert or deny
 * @param conditions all must be met; at least one
 * @param reason     why, in words (the message of the finding it raises), null when not given
 * @param line       the line of the policy file it starts on, 0 when it was not read from a file
 */
public record Rule(String id, Action action, List<Condition> conditions, String reason, int line) {

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        conditions = List.copyOf(conditions);
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("rule " + id + " has no conditions");
        }
    }

    /** True when the connection meets every condition. */
    public boolean matches(Connection c, Condition.Context context) {
        return conditions.stream().allMatch(x -> x.matches(c, context));
    }

    /** The reason, when one was given. */
    public Optional<String> reasonText() {
        return Optional.ofNullable(reason);
    }

    /** The conditions in words: {@code process.name restic, time 01:00-05:00}. */
    public String describe() {
        return conditions.stream().map(x -> x.field().dotted() + " " + x.values()).collect(Collectors.joining(", "));
    }
}
