package org.connwatch.present.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.connwatch.policy.PolicyEvaluator;
import org.connwatch.policy.Rule;
import org.connwatch.records.Connection;

/**
 * The rules of the policy in force that match a connection. The evaluator is asked for on every
 * call, so a policy reloaded after an allow from the dashboard shows at once.
 *
 * @param evaluator the policy in force now; may return null when there is none
 */
public record PolicyRules(Supplier<PolicyEvaluator> evaluator) implements ApplicableRules {
    /** The most rules listed for one connection. */
    static final int MAX_RULES = 50;

    public PolicyRules {
        Objects.requireNonNull(evaluator, "evaluator");
    }

    @Override
    public List<RuleMatch> rulesFor(Connection c) {
        PolicyEvaluator e = evaluator.get();
        if (e == null) {
            return List.of();
        }
        List<RuleMatch> out = new ArrayList<>();
        for (Rule r : e.policy().rules()) {
            if (r.matches(c, e)) {
                out.add(new RuleMatch(r.id(), r.action().label(), r.describe(), r.reason(), r.line(), out.isEmpty()));
                if (out.size() == MAX_RULES) {
                    break;
                }
            }
        }
        return List.copyOf(out);
    }
}
