package org.connwatch.present.web;

import java.util.List;
import org.connwatch.records.Connection;

/**
 * The policy rules that apply to a connection, for the inspect views. The serve command gives the
 * policy it runs ({@link PolicyRules}); without a policy it is {@link #NONE}. Thread-safe.
 */
@FunctionalInterface
public interface ApplicableRules {
    /** No policy: no rule applies to anything. */
    ApplicableRules NONE = c -> List.of();

    /** The rules whose conditions the connection meets, in policy order; the first is the deciding one. */
    List<RuleMatch> rulesFor(Connection c);
}
