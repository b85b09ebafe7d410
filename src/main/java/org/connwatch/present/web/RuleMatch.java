package org.connwatch.present.web;

import java.util.Objects;

/**
 * A policy rule that matches a connection, as the inspect views show it.
 *
 * @param id         the rule's id
 * @param action     allow, alert or deny
 * @param conditions its conditions in words ({@code process.name [restic], destination.port [443]})
 * @param reason     its reason, empty when it gives none
 * @param line       the line of the policy file it starts on, 0 when unknown
 * @param deciding   true for the first matching rule, the one that decides
 */
public record RuleMatch(String id, String action, String conditions, String reason, int line, boolean deciding) {

    public RuleMatch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        conditions = conditions == null ? "" : conditions;
        reason = reason == null ? "" : reason;
    }
}
